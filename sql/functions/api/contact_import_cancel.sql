-- Cancel an import that has not finished (no contact has been written by
-- it then: the last step writes them all at once). Returns whether it was
-- cancelled (false: finished already).
create or replace function api.contact_import_cancel(p_id uuid)
returns boolean
language sql volatile
set search_path = ''
as $$
  with cancelled as (
    update public.contact_imports i
       set status = 'cancelled', finished_at = public.app_now()
     where i.id = p_id and i.status in ('uploaded', 'queued', 'checking')
    returning 1)
  select exists (select from cancelled)
$$;
revoke all on function api.contact_import_cancel(uuid) from public;
grant execute on function api.contact_import_cancel(uuid) to mlm_app;
comment on function api.contact_import_cancel(uuid) is
  'Cancels a contact import that has not finished (no contact has been written by it yet); returns '
  'whether it was cancelled. The import''s owner (RLS).';
