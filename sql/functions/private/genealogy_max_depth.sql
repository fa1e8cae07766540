-- The deepest level the sponsor and placement trees may reach: the plan
-- setting genealogy_max_depth (a JSON number), 5,000 when it is missing or
-- not a number. The genealogy triggers refuse anything deeper.
create or replace function private.genealogy_max_depth()
returns integer
language sql
stable
set search_path = ''
as $$
  select coalesce(
           (select case when pg_catalog.jsonb_typeof(s.value) = 'number'
                        then (s.value #>> '{}')::numeric::integer end
              from public.plan_settings s
             where s.key = 'genealogy_max_depth'),
           5000)
$$;
revoke all on function private.genealogy_max_depth() from public;
grant execute on function private.genealogy_max_depth() to mlm_definer;
comment on function private.genealogy_max_depth() is
  'The deepest level the sponsor and placement trees may reach: plan setting genealogy_max_depth, '
  'else 5,000. The genealogy triggers refuse anything deeper.';
