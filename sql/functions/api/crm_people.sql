-- People who can own contacts and be assigned tasks (active distributors,
-- managers and admins), matching p_query in name, email or distributor
-- number; for the owner and assignee pickers of managers and admins (and
-- the auditor's owner filter). A distributor gets only itself (RLS on users).
create or replace function api.crm_people(p_query text default null, p_limit integer default 20)
returns table (id uuid, name text, email text, role public.user_role, distributor_number varchar)
language sql stable
set search_path = ''
as $$
  select u.id, coalesce(nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), ''), u.email::text),
         u.email::text, u.role, d.distributor_number
    from public.users u
    left join public.distributors d on d.user_id = u.id
   where u.status = 'active' and not u.is_system
     and u.role in ('distributor', 'manager', 'admin')
     and (nullif(btrim(p_query), '') is null
          or u.email::text ilike '%' || btrim(p_query) || '%'
          or concat_ws(' ', u.first_name, u.last_name) ilike '%' || btrim(p_query) || '%'
          or d.distributor_number ilike btrim(p_query) || '%')
   order by u.email = btrim(p_query) desc, u.first_name, u.last_name, u.email
   limit least(greatest(coalesce(p_limit, 20), 1), 50)
$$;
revoke all on function api.crm_people(text, integer) from public;
grant execute on function api.crm_people(text, integer) to mlm_app;
comment on function api.crm_people(text, integer) is
  'People who can own contacts and be assigned tasks (active distributors, managers, admins) '
  'matching a query, for the pickers. Any signed-in user; a distributor gets only itself (RLS).';
