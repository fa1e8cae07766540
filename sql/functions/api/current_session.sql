-- The signed-in user as the session needs it, re-read on every request: no
-- row when the user is gone or not active. password_changed_at is the
-- session's epoch: a password changed elsewhere ends other sessions.
create or replace function api.current_session()
returns table (user_id uuid, email text, role public.user_role, first_name text, last_name text,
               two_factor_enabled boolean, password_changed_at timestamptz, is_distributor boolean)
language sql stable security definer
set search_path = ''
as $$
  select u.id, u.email::text, u.role, u.first_name::text, u.last_name::text, u.two_factor_enabled,
         c.password_changed_at,
         exists (select from public.distributors d where d.user_id = u.id)
    from public.users u
    left join private.user_credentials c on c.user_id = u.id
   where u.id = auth.user_id()
     and u.status = 'active'
     and not u.is_system
$$;
alter function api.current_session() owner to mlm_definer;
revoke all on function api.current_session() from public;
grant execute on function api.current_session() to mlm_app;
comment on function api.current_session() is
  'The signed-in user as the session needs it, re-read on every request; no row when the user is '
  'gone or not active. The signed-in user, about itself only.';
