-- Whether the acting (active) user has one of these roles.
create or replace function auth.has_role(variadic p_roles public.user_role[]) returns boolean
language sql stable parallel safe
set search_path = ''
as $$
  select coalesce(auth.user_role() = any (p_roles), false)
$$;
revoke all on function auth.has_role(public.user_role[]) from public;
grant execute on function auth.has_role(public.user_role[]) to mlm_app, mlm_definer;
comment on function auth.has_role(public.user_role[]) is
  'Whether the acting user is active and has one of these roles. A policy helper, for every app '
  'role.';
