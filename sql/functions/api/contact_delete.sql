-- Delete one contact (its activities and tasks go with it). RLS decides:
-- a distributor its own, managers and admins any. Returns whether it went.
create or replace function api.contact_delete(p_id uuid)
returns boolean
language sql volatile
set search_path = ''
as $$
  with gone as (delete from public.contacts c where c.id = p_id returning 1)
  select exists (select from gone)
$$;
revoke all on function api.contact_delete(uuid) from public;
grant execute on function api.contact_delete(uuid) to mlm_app;
comment on function api.contact_delete(uuid) is
  'Deletes one contact with its activities and tasks; returns whether it went. Any signed-in user; '
  'RLS decides (a distributor its own contacts, managers and admins any).';
