-- Create (p_id null) or edit a contact. Blank strings count as empty.
-- Refuses with MLVAL (and the column) what contact_problem refuses, and an
-- email the same owner already has on another contact. The pipeline stage
-- changes through api.contact_move (which records the move), not here.
-- Invoker: RLS decides whose contacts the caller may create or edit (a
-- distributor: its own; a manager may create for, or hand to, another owner).
create or replace function api.contact_save(
  p_id uuid default null, p_owner_id uuid default null,
  p_first_name text default null, p_last_name text default null,
  p_email text default null, p_phone text default null,
  p_company text default null, p_title text default null,
  p_source public.contact_source default null, p_status public.contact_status default null,
  p_tags text[] default '{}', p_notes text default null,
  p_next_follow_up timestamptz default null)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_first  text := nullif(btrim(p_first_name), '');
  v_last   text := nullif(btrim(p_last_name), '');
  v_email  text := nullif(btrim(p_email), '');
  v_phone  text := nullif(btrim(p_phone), '');
  v_company text := nullif(btrim(p_company), '');
  v_title  text := nullif(btrim(p_title), '');
  v_tags   text[] := public.tags_normalize(coalesce(p_tags, '{}'));
  v_owner  uuid;
  v_id     uuid;
  v_problem record;
  v_other  text;
begin
  select * into v_problem from public.contact_problem(v_first, v_last, v_email, v_phone, v_company, v_title, v_tags);
  if found then
    raise exception using errcode = 'MLVAL', message = v_problem.message, column = v_problem.column_name;
  end if;
  if length(p_notes) > 20000 then
    raise exception using errcode = 'MLVAL', message = 'Notes are at most 20,000 characters.', column = 'notes';
  end if;

  if p_id is null then
    v_owner := coalesce(p_owner_id, auth.user_id());
  else
    select c.owner_id into v_owner from public.contacts c where c.id = p_id;
    if not found then
      raise exception using errcode = 'MLDNY', message = 'This contact does not exist or is not yours.';
    end if;
    v_owner := coalesce(p_owner_id, v_owner);
  end if;

  if v_email is not null then
    select c.name into v_other from public.contacts c
     where c.owner_id = v_owner and lower(c.email) = lower(v_email)
       and c.id is distinct from p_id
     limit 1;
    if found then
      raise exception using errcode = 'MLVAL', column = 'email',
        message = pg_catalog.format('A contact with this email already exists: %s.', coalesce(nullif(v_other, ''), v_email));
    end if;
  end if;

  if p_id is null then
    insert into public.contacts (owner_id, first_name, last_name, email, phone, company, title, source,
                                 status, tags, notes, next_follow_up)
    values (v_owner, v_first, v_last, v_email, v_phone, v_company, v_title, p_source,
            coalesce(p_status, 'new'), v_tags, nullif(btrim(p_notes), ''), p_next_follow_up)
    returning id into v_id;
  else
    update public.contacts c
       set owner_id = v_owner, first_name = v_first, last_name = v_last, email = v_email, phone = v_phone,
           company = v_company, title = v_title, source = p_source, status = coalesce(p_status, c.status),
           tags = v_tags, notes = nullif(btrim(p_notes), ''), next_follow_up = p_next_follow_up
     where c.id = p_id
    returning c.id into v_id;
    if v_id is null then
      raise exception using errcode = 'MLDNY', message = 'You may not change this contact.';
    end if;
  end if;
  return v_id;
end
$$;
revoke all on function api.contact_save(uuid, uuid, text, text, text, text, text, text, public.contact_source,
  public.contact_status, text[], text, timestamptz) from public;
grant execute on function api.contact_save(uuid, uuid, text, text, text, text, text, text, public.contact_source,
  public.contact_status, text[], text, timestamptz) to mlm_app;
comment on function api.contact_save(uuid, uuid, text, text, text, text, text, text,
  public.contact_source, public.contact_status, text[], text, timestamp with time zone) is
  'Creates (p_id null) or edits a contact; blank strings count as empty; the stage changes through '
  'api.contact_move. Any signed-in user for the contacts RLS lets it write; refuses MLVAL (what '
  'public.contact_problem refuses, notes too long, an email the same owner already has; column '
  'named) and MLDNY (a contact that is not the caller''s to change).';
