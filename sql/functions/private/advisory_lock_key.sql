-- The one registry of the advisory-lock keys this database uses (sql/LOCKS.md
-- lists them with what each serialises). Callers name the lock, never its
-- number: pg_advisory_xact_lock(private.advisory_lock_key('genealogy')).
-- Immutable with a constant argument, so the planner folds the call into the
-- number once per cached plan: nothing is paid per enrolment or per row.
-- The numbers never change: a process still running the previous version
-- takes the same locks as a new one, so the two still exclude each other.
-- An unknown name raises 22023 (a mistyped name must not become a lock of
-- its own that excludes nobody).
create or replace function private.advisory_lock_key(p_name text)
returns bigint
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
begin
  case p_name
    -- Schema upgrades (webapp/migrate.py, session-level, one bigint key):
    -- two processes starting together apply each migration once. The
    -- runner takes it before any SQL function exists, so Python keeps the
    -- number as migrate.LOCK_KEY; tests/sql/test_locks.py holds the two equal.
    when 'migrations' then return 7361822001;
    -- Distributor numbers (private.distributor_number_next): two enrolments
    -- cannot take the same 'D' number.
    when 'distributor_number' then return 7361822002;
    -- The genealogy (closure rows, level counts, running volumes): shared by
    -- enrolments, deletes, status changes and volume events; exclusive for a
    -- move of a sponsor or placement (tg_distributors__paths_update,
    -- api.distributor_move), so no one is added under a subtree while its
    -- upline is rewritten and two moves cannot cross into a cycle unseen.
    when 'genealogy' then return 7361822004;
    -- Customer numbers (private.customer_number_next): a staff form and a CRM
    -- conversion cannot take the same 'C' number.
    when 'customer_number' then return 7361822005;
    -- The first key (the class) of a close or finalize of one period:
    -- pg_try_advisory_xact_lock(class::integer, private.period_ordinal(id)).
    -- Its holder is what other sessions show as 'calculating'
    -- (private.period_lock_held, api.periods_running: pg_locks classid =
    -- this, objid = the period's ordinal, objsubid = 2).
    when 'period_close' then return 1835100006;
    -- The class of an estimates refresh of one period (private.period_estimate,
    -- same two-key form): one refresh of a period at a time, beside a close.
    when 'period_estimate' then return 1835100007;
    else
      raise exception using errcode = '22023',
        message = pg_catalog.format('No advisory lock is named %L (see sql/LOCKS.md).', p_name);
  end case;
end
$$;
revoke all on function private.advisory_lock_key(text) from public;
grant execute on function private.advisory_lock_key(text) to mlm_definer;
comment on function private.advisory_lock_key(text) is
  'The advisory-lock key of a named lock (sql/LOCKS.md): migrations, distributor_number, genealogy,'
  ' customer_number, period_close, period_estimate. Immutable, folded into a constant at plan time;'
  ' refuses 22023 for an unknown name.';
