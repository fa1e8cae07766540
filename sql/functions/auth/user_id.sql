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
