-- Everyone who works for the company: every role but distributor.
create or replace function auth.is_staff() returns boolean
language sql stable parallel safe
set search_path = ''
as $$
  select auth.has_role('admin', 'manager', 'support', 'finance', 'auditor')
$$;
revoke all on function auth.is_staff() from public;
grant execute on function auth.is_staff() to mlm_app, mlm_definer;
comment on function auth.is_staff() is
  'Whether the acting user is active staff: every role but distributor. A policy helper, for every '
  'app role.';
