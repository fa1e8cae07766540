-- The id of the active distributor, manager or admin with this email (a
-- picker's chosen value), or null.
create or replace function api.crm_person_by_email(p_email text)
returns uuid
language sql stable
set search_path = ''
as $$
  select u.id from public.users u
   where u.email operator(public.=) btrim(p_email)::public.citext
     and u.status = 'active' and not u.is_system and u.role in ('distributor', 'manager', 'admin')
$$;
revoke all on function api.crm_person_by_email(text) from public;
grant execute on function api.crm_person_by_email(text) to mlm_app;
comment on function api.crm_person_by_email(text) is
  'The id of the active distributor, manager or admin with this email, or null. Any signed-in user '
  '(RLS on users).';
