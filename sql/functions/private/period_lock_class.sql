-- The first key of the advisory lock a close or finalize of a period holds
-- (pg_try_advisory_xact_lock(class, private.period_ordinal(period))): one
-- number for the whole installation, so other sessions can find the lock
-- in pg_locks (classid = this, objid = the period, objsubid = 2).
create or replace function private.period_lock_class()
returns integer
language sql
immutable
set search_path = ''
as $$
  select 1835100006
$$;
revoke all on function private.period_lock_class() from public;
grant execute on function private.period_lock_class() to mlm_definer;
