-- Mark an import failed (the job calls it in a fresh transaction after a
-- step raised; that step wrote nothing). The message is for a person.
create or replace function api.contact_import_fail(p_id uuid, p_message text)
returns void
language sql volatile
set search_path = ''
as $$
  update public.contact_imports i
     set status = 'failed', error = left(p_message, 1000), finished_at = public.app_now()
   where i.id = p_id and i.status in ('queued', 'checking')
$$;
revoke all on function api.contact_import_fail(uuid, text) from public;
grant execute on function api.contact_import_fail(uuid, text) to mlm_app;
comment on function api.contact_import_fail(uuid, text) is
  'Marks a contact import failed with a message for a person (the job calls it after a step '
  'raised). The import''s owner (RLS).';
