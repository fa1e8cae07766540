-- The periods being closed or finalized right now, in any session of this
-- database (their advisory locks are held; see private.period_lock_held).
-- Lists show these as status 'calculating'. Signed-in users only.
create or replace function api.periods_running()
returns text[]
language sql
stable
security definer
set search_path = ''
as $$
  with held as (
    select l.objid::bigint::integer as ordinal
      from pg_catalog.pg_locks l
     where l.locktype = 'advisory' and l.granted and l.objsubid = 2
       and l.database = (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database())
       and l.classid = private.advisory_lock_key('period_close')::oid)
  select coalesce(array_agg(p.id::text order by p.id), '{}')
    from public.commission_periods p
    join held on held.ordinal = private.period_ordinal(p.id)
   where (select auth.user_role()) is not null or private.caller_is_dba()
$$;
alter function api.periods_running() owner to mlm_definer;
revoke all on function api.periods_running() from public;
grant execute on function api.periods_running() to mlm_app;
comment on function api.periods_running() is
  'The periods being closed or finalized right now in any session (their advisory locks are held). '
  'Signed-in users and DBAs; empty for others.';
