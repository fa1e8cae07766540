-- One step of a queued import, in the caller's transaction (the job calls
-- it until `finished`, one transaction per call, as the importing user):
--   * while lines are unchecked: check the next p_batch lines
--     (public.contact_import_check) and commit, so the progress shows;
--   * then, in ONE step: find duplicates (an earlier line with the same
--     email or phone, or an existing contact of the owner with it), decide
--     each line's outcome by the import's de-duplication choice, write every
--     new and updated contact, and mark the import done with its counts.
-- A failure in the last step rolls all of it back: an import writes all of
-- its good lines or no contact at all. Cancelled, done and failed imports
-- are finished (nothing more happens).
--
-- Security definer, for speed, on purpose: under RLS the duplicate lookups
-- (lower(email), the phone's digits) could not use their indexes (those
-- functions are not leakproof) and every staged line would pay the policy's
-- subquery; 100,000 lines took minutes. The contract's rule is applied
-- explicitly instead: the caller must be allowed to write the import
-- owner's contacts (private.crm_may_write: the owner itself, a manager, an
-- admin), and every statement touches only that owner's contacts and this
-- import's lines. The staged lines have no statistics yet (mlm_app cannot
-- ANALYZE), so the statements are shaped to need none: lines are addressed
-- by (import_id, line_no) arrays, never by joins the planner would guess.
create or replace function api.contact_import_step(p_id uuid, p_batch integer default 5000)
returns table (status text, progress_done integer, row_count integer, finished boolean)
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v         public.contact_imports;
  v_width   integer;
  v_n       integer;
  v_created integer;
  v_updated integer;
  v_lines   integer[];
  v_firsts  integer[];
  v_now     timestamptz := public.app_now();
begin
  select * into v from public.contact_imports i where i.id = p_id for update;
  if not found or not private.crm_may_write(v.owner_id) then
    raise exception using errcode = 'MLDNY', message = 'This import does not exist or is not yours.';
  end if;
  if v.status in ('done', 'failed', 'cancelled') then
    return query select v.status, v.progress_done, v.row_count, true;
    return;
  end if;
  if v.status = 'uploaded' then
    raise exception using errcode = 'MLVAL', message = 'Map the columns and start the import first.',
      column = 'import';
  end if;
  v_width := cardinality(v.header);

  v_lines := array(select x.line_no from public.contact_import_rows x
                     where x.import_id = p_id and x.outcome is null
                     order by x.line_no limit least(greatest(coalesce(p_batch, 5000), 100), 50000));
  -- Each line checked, and (unless duplicates are to be created anyway) the
  -- owner's existing contact with the same email or phone looked up here,
  -- so the progress bar covers it and the last step only decides.
  update public.contact_import_rows r
     set (outcome, reason, first_name, last_name, email, phone, company, title, source, tags, notes,
          email_key, phone_key, contact_id) =
         (select case when k.reason is null then 'ok' else 'reject' end, k.reason, k.first_name, k.last_name,
                 k.email, k.phone, k.company, k.title, k.source, k.tags, k.notes, k.email_key, k.phone_key,
                 case when v.dedupe <> 'create' and k.reason is null then coalesce(
                   (select c.id from public.contacts c
                     where k.email_key is not null and c.owner_id = v.owner_id and lower(c.email) = k.email_key
                     order by c.created_at, c.id limit 1),
                   (select c.id from public.contacts c
                     where k.phone_key is not null and c.owner_id = v.owner_id
                       and pg_catalog.regexp_replace(c.phone, '\D', '', 'g') = k.phone_key
                     order by c.created_at, c.id limit 1)) end
            from public.contact_import_check(r.cells, v_width, v.mapping, v.default_source, v.add_tags) k)
   where r.import_id = p_id and r.line_no = any (v_lines);
  get diagnostics v_n = row_count;

  if v_n > 0 then
    update public.contact_imports i
       set status = 'checking', progress_done = least(i.progress_done + v_n, i.row_count)
     where i.id = p_id
    returning i.status, i.progress_done into v.status, v.progress_done;
    return query select v.status, v.progress_done, v.row_count, false;
    return;
  end if;

  -- Every line is checked: duplicates within the file (the first line with
  -- an email or phone wins) ...
  select coalesce(array_agg(f.line_no), '{}'), coalesce(array_agg(f.first_line), '{}') into v_lines, v_firsts
    from (select x.line_no,
                 least(case when x.email_key is not null then min(x.line_no) over (partition by x.email_key) end,
                       case when x.phone_key is not null then min(x.line_no) over (partition by x.phone_key) end)
                   as first_line
            from public.contact_import_rows x
           where x.import_id = p_id and x.outcome = 'ok') f
   where f.first_line < f.line_no;
  update public.contact_import_rows r set same_as_line = f.first_line
    from unnest(v_lines, v_firsts) as f (line_no, first_line)
   where r.import_id = p_id and r.line_no = f.line_no;

  -- ... and two lines matching one existing contact: the first one counts.
  if v.dedupe <> 'create' then
    select coalesce(array_agg(f.line_no), '{}'), coalesce(array_agg(f.first_line), '{}') into v_lines, v_firsts
      from (select x.line_no, min(x.line_no) over (partition by x.contact_id) as first_line
              from public.contact_import_rows x
             where x.import_id = p_id and x.outcome = 'ok' and x.same_as_line is null
               and x.contact_id is not null) f
     where f.first_line < f.line_no;
    update public.contact_import_rows r set same_as_line = f.first_line
      from unnest(v_lines, v_firsts) as f (line_no, first_line)
     where r.import_id = p_id and r.line_no = f.line_no;

    -- Duplicates are skipped (or update their contact); the other good
    -- lines stay 'ok' and become new contacts below.
    update public.contact_import_rows r
       set outcome = case when r.same_as_line is null and v.dedupe = 'update' then 'update' else 'skip' end,
           reason = case
             when r.same_as_line is not null then
               pg_catalog.format('Same person (email or phone) as line %s.', r.same_as_line)
             when v.dedupe = 'skip' then
               pg_catalog.format('Already a contact: %s.',
                 (select coalesce(nullif(c.name, ''), c.email, c.phone, c.company)
                    from public.contacts c where c.id = r.contact_id))
             end
     where r.import_id = p_id and r.outcome = 'ok' and (r.same_as_line is not null or r.contact_id is not null);
  end if;

  -- created_at/updated_at given once, not a clock call per row as defaults.
  insert into public.contacts (owner_id, first_name, last_name, email, phone, company, title, source, tags,
                               notes, metadata, created_at, updated_at)
  select v.owner_id, r.first_name, r.last_name, r.email, r.phone, r.company, r.title, r.source, r.tags, r.notes,
         jsonb_build_object('import_id', p_id, 'import_line', r.line_no), v_now, v_now
    from public.contact_import_rows r
   where r.import_id = p_id and r.outcome = 'ok'
   order by r.line_no;
  get diagnostics v_created = row_count;

  update public.contacts c
     set first_name = coalesce(r.first_name, c.first_name), last_name = coalesce(r.last_name, c.last_name),
         email = coalesce(r.email, c.email), phone = coalesce(r.phone, c.phone),
         company = coalesce(r.company, c.company), title = coalesce(r.title, c.title),
         source = coalesce(c.source, r.source),
         tags = (public.tags_normalize(c.tags || r.tags))[1:20],
         notes = case when r.notes is null or c.notes like '%' || r.notes || '%' then c.notes
                      when c.notes is null then r.notes
                      else left(c.notes || E'\n\n' || r.notes, 20000) end
    from public.contact_import_rows r
   where r.import_id = p_id and r.outcome = 'update' and c.id = r.contact_id and c.owner_id = v.owner_id;
  get diagnostics v_updated = row_count;

  update public.contact_imports i
     set status = 'done', progress_done = i.row_count, finished_at = public.app_now(),
         created_count = v_created, updated_count = v_updated,
         skipped_count = (select count(*) from public.contact_import_rows r
                           where r.import_id = p_id and r.outcome = 'skip'),
         rejected_count = (select count(*) from public.contact_import_rows r
                            where r.import_id = p_id and r.outcome = 'reject')
   where i.id = p_id
  returning i.status, i.progress_done into v.status, v.progress_done;
  return query select v.status, v.progress_done, v.row_count, true;
end
$$;
alter function api.contact_import_step(uuid, integer) owner to mlm_definer;
revoke all on function api.contact_import_step(uuid, integer) from public;
grant execute on function api.contact_import_step(uuid, integer) to mlm_app;
comment on function api.contact_import_step(uuid, integer) is
  'One step of a queued contact import in the caller''s transaction: check the next batch of lines,'
  ' or, last, write every good line at once (all or nothing) and mark the import done. The user who'
  ' may write the owner''s contacts (the owner, managers, admins): refuses MLDNY and MLVAL (not '
  'started).';
