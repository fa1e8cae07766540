-- The advisory-lock keys now come from one registry,
-- private.advisory_lock_key(name) (sql/functions/private/advisory_lock_key.sql,
-- sql/LOCKS.md), with the same numbers as before. Its 'period_close' key
-- replaces private.period_lock_class(), which nothing calls any more:
-- drop it, or create or replace would leave it behind.
drop function if exists private.period_lock_class();
