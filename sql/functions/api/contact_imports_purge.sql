-- Housekeeping (a nightly job, as the system user): the staged lines of
-- imports finished more than 30 days ago go (their counts stay), and so do
-- uploads never started within 2 days. Returns how many lines went.
create or replace function api.contact_imports_purge()
returns integer
language plpgsql volatile
set search_path = ''
as $$
declare
  v_n integer;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin (or the system) purges imports.';
  end if;
  delete from public.contact_import_rows r
   using public.contact_imports i
   where r.import_id = i.id
     and i.status in ('done', 'failed', 'cancelled') and i.finished_at < public.app_now() - interval '30 days';
  get diagnostics v_n = row_count;
  delete from public.contact_imports i
   where i.status = 'uploaded' and i.created_at < public.app_now() - interval '2 days';
  return v_n;
end
$$;
revoke all on function api.contact_imports_purge() from public;
grant execute on function api.contact_imports_purge() to mlm_app;
comment on function api.contact_imports_purge() is
  'Housekeeping: deletes the staged lines of imports finished over 30 days ago and of uploads never'
  ' started within 2 days (counts stay); returns how many lines went. Admins and the system user '
  '(nightly job): refuses MLDNY.';
