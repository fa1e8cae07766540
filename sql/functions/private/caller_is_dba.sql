-- Whether the caller is a DBA at the console: logged in as a superuser and
-- not acting as an app user (no `role` set by the identity statement). The
-- contract's functions (move_distributor, ...) are for DBAs as well as for
-- admins; a transaction that ran webapp.db.IDENTITY_SQL is an app user
-- whatever role it logged in with, so the tests' as_user() counts as one.
create or replace function private.caller_is_dba()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(pg_catalog.current_setting('role', true), 'none') = 'none'
     and exists (select from pg_catalog.pg_roles r where r.rolname = session_user and r.rolsuper)
$$;
revoke all on function private.caller_is_dba() from public;
grant execute on function private.caller_is_dba() to mlm_definer;
comment on function private.caller_is_dba() is
  'Whether the caller is a DBA at the console: a superuser not acting as an app user (no role set '
  'by the identity statement). Lets the contract''s functions serve DBAs as well as admins.';
