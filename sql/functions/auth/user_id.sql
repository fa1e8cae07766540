-- The user this transaction acts for (null: nobody). An ended
-- transaction-local setting reads '' rather than null, hence nullif.
create or replace function auth.user_id() returns uuid
language sql stable parallel safe
set search_path = ''
as $$
  select nullif(pg_catalog.current_setting('app.user_id', true), '')::uuid
$$;
revoke all on function auth.user_id() from public;
grant execute on function auth.user_id() to mlm_app, mlm_definer;
comment on function auth.user_id() is
  'The user this transaction acts for (app.user_id, set by the identity statement), or null: '
  'nobody. A policy helper, for every app role.';
