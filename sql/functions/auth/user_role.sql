-- The role of the acting user, or null when there is none or the user is not
-- 'active' (suspended, inactive and pending users see nothing). Definer: it
-- must read users whatever the users policies say (they call it).
create or replace function auth.user_role() returns public.user_role
language sql stable parallel safe security definer
set search_path = ''
as $$
  select u.role
    from public.users u
   where u.id = auth.user_id()
     and u.status = 'active'
$$;
alter function auth.user_role() owner to mlm_definer;
revoke all on function auth.user_role() from public;
grant execute on function auth.user_role() to mlm_app;
comment on function auth.user_role() is
  'The acting user''s role, or null when there is none or the user is not active (suspended, '
  'inactive and pending users see nothing). A policy helper (definer: it reads users whatever their'
  ' policies say).';
