-- Whether a close or finalize of p_period_id is running now, in any session
-- of this database: its advisory lock is held (a crashed close holds
-- nothing, so this never goes stale). What other sessions show as status
-- 'calculating'.
create or replace function private.period_lock_held(p_period_id text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (
    select from pg_catalog.pg_locks l
     where l.locktype = 'advisory' and l.granted
       and l.database = (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database())
       and l.classid = private.advisory_lock_key('period_close')::oid
       and l.objid = private.period_ordinal(p_period_id)::oid
       and l.objsubid = 2)
$$;
revoke all on function private.period_lock_held(text) from public;
grant execute on function private.period_lock_held(text) to mlm_definer;
comment on function private.period_lock_held(text) is
  'Whether a close or finalize of a period is running now in any session (its period_close advisory'
  ' lock is held): what others show as ''calculating''.';
