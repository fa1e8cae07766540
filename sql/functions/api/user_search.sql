-- Users for the admin pages, newest first; invoker, so RLS decides who shows
-- (admins see everyone). p_id picks one user.
create or replace function api.user_search(p_query text default '', p_role public.user_role default null,
                                           p_status public.user_status default null, p_id uuid default null,
                                           p_limit integer default 50, p_offset integer default 0)
returns table (id uuid, email text, first_name text, last_name text, role public.user_role,
               status public.user_status, two_factor_enabled boolean, last_login timestamptz,
               locked_until timestamptz, locked boolean, created_at timestamptz, distributor_number text)
language sql stable
set search_path = ''
as $$
  select u.id, u.email::text, u.first_name, u.last_name, u.role, u.status, u.two_factor_enabled,
         u.last_login, u.locked_until, coalesce(u.locked_until > public.app_now(), false), u.created_at,
         d.distributor_number
    from public.users u
    left join public.distributors d on d.user_id = u.id
   where not u.is_system
     and (p_id is null or u.id = p_id)
     and (p_role is null or u.role = p_role)
     and (p_status is null or u.status = p_status)
     and (coalesce(p_query, '') = ''
          or u.email::text ilike '%' || p_query || '%'
          or (coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, '')) ilike '%' || p_query || '%')
   order by u.created_at desc, u.email
   limit least(greatest(p_limit, 1), 500) offset greatest(p_offset, 0)
$$;
revoke all on function api.user_search(text, public.user_role, public.user_status, uuid, integer, integer) from public;
grant execute on function api.user_search(text, public.user_role, public.user_status, uuid, integer, integer) to mlm_app;
comment on function api.user_search(text, public.user_role, public.user_status, uuid, integer, integer) is
  'Users for the admin pages, newest first (p_id: one). Any signed-in user; RLS decides who shows '
  '(admins see everyone).';
