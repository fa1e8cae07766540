create or replace function auth.is_admin() returns boolean
language sql stable parallel safe
set search_path = ''
as $$
  select auth.has_role('admin')
$$;
revoke all on function auth.is_admin() from public;
grant execute on function auth.is_admin() to mlm_app, mlm_definer;
comment on function auth.is_admin() is
  'Whether the acting user is an active admin. A policy helper, for every app role.';
