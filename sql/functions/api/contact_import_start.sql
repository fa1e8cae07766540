-- Confirm an uploaded import's mapping and options and queue it (the app
-- enqueues the job once this commits). p_dedupe: what to do with a line
-- whose email or phone the owner already has (or an earlier line has):
-- skip it, update the existing contact with the line's values, or create
-- another contact anyway. p_add_tags: tags every imported contact gets.
create or replace function api.contact_import_start(
  p_id uuid, p_mapping jsonb, p_dedupe text default 'skip',
  p_default_source public.contact_source default 'import', p_add_tags text[] default '{}')
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_import public.contact_imports;
  v_tags   text[] := public.tags_normalize(coalesce(p_add_tags, '{}'));
begin
  select * into v_import from public.contact_imports i where i.id = p_id for update;
  if not found then
    raise exception using errcode = 'MLDNY', message = 'This import does not exist or is not yours.';
  end if;
  if v_import.status <> 'uploaded' then
    raise exception using errcode = 'MLVAL', column = 'import',
      message = 'This import has been started already.';
  end if;
  if p_dedupe is null or p_dedupe not in ('skip', 'update', 'create') then
    raise exception using errcode = 'MLVAL', message = 'Choose what to do with duplicates.', column = 'dedupe';
  end if;
  if cardinality(v_tags) > 5 or exists (select from unnest(v_tags) t where length(t) > 40) then
    raise exception using errcode = 'MLVAL', message = 'Add at most 5 tags of at most 40 characters.',
      column = 'add_tags';
  end if;
  update public.contact_imports i
     set mapping = api.contact_import_validate_mapping(p_mapping, cardinality(v_import.header)),
         dedupe = p_dedupe, default_source = coalesce(p_default_source, 'import'), add_tags = v_tags,
         status = 'queued', queued_at = public.app_now()
   where i.id = p_id;
  return p_id;
end
$$;
revoke all on function api.contact_import_start(uuid, jsonb, text, public.contact_source, text[]) from public;
grant execute on function api.contact_import_start(uuid, jsonb, text, public.contact_source, text[]) to mlm_app;
comment on function api.contact_import_start(uuid, jsonb, text, public.contact_source, text[]) is
  'Confirms an import''s mapping, duplicate handling and extra tags, and queues it (the app '
  'enqueues the job after commit). The import''s owner (RLS): refuses MLDNY (not the caller''s) and'
  ' MLVAL (started already, mapping, dedupe choice, tags).';
