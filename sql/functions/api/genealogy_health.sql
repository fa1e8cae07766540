-- Is the closure table growing faster than the business? Rows of
-- genealogy_paths per distributor, from the planner's estimates (reltuples:
-- no count of a table of tens of millions of rows), against the plan setting
-- genealogy_paths_warn_ratio (default 60): a tree of mean depth 13 has about
-- 14 sponsor rows per person; 60 and more means long chains, and closure
-- rows grow with the square of a chain's length. Staff only (no rows for a
-- distributor); the admin home page shows the warning and the app logs it.
create or replace function api.genealogy_health()
returns table (distributors bigint, paths bigint, ratio numeric, warn_ratio numeric,
               max_depth integer, warn boolean)
language sql
stable
set search_path = ''
as $$
  with est as (
    select (select case when c.reltuples >= 0 then c.reltuples::bigint
                        else (select count(*) from public.distributors) end
              from pg_catalog.pg_class c where c.oid = 'public.distributors'::pg_catalog.regclass) as people,
           (select case when c.reltuples >= 0 then c.reltuples::bigint
                        else (select count(*) from public.genealogy_paths) end
              from pg_catalog.pg_class c where c.oid = 'public.genealogy_paths'::pg_catalog.regclass) as paths,
           coalesce((select case when pg_catalog.jsonb_typeof(s.value) = 'number'
                                 then (s.value #>> '{}')::numeric end
                       from public.plan_settings s where s.key = 'genealogy_paths_warn_ratio'), 60) as warn_ratio,
           coalesce((select case when pg_catalog.jsonb_typeof(s.value) = 'number'
                                 then (s.value #>> '{}')::numeric::integer end
                       from public.plan_settings s where s.key = 'genealogy_max_depth'), 5000) as max_depth
  )
  select e.people, e.paths, round(e.paths::numeric / nullif(e.people, 0), 1), e.warn_ratio, e.max_depth,
         coalesce(e.paths::numeric / nullif(e.people, 0) > e.warn_ratio, false)
    from est e
   where auth.is_staff()
$$;
revoke all on function api.genealogy_health() from public;
grant execute on function api.genealogy_health() to mlm_app;
comment on function api.genealogy_health() is
  'Whether the genealogy closure table grows faster than the business: closure rows per distributor'
  ' (from planner estimates) against the plan setting genealogy_paths_warn_ratio. Staff only; no '
  'rows for others.';
