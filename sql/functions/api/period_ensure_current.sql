-- The open period for today (public.app_now()), created with any missing
-- months before it. Called by the daily job and on demand.
create or replace function api.period_ensure_current()
returns text
language sql
volatile
security definer
set search_path = ''
as $$
  select private.period_ensure(public.app_now())
$$;
alter function api.period_ensure_current() owner to mlm_definer;
revoke all on function api.period_ensure_current() from public;
grant execute on function api.period_ensure_current() to mlm_app;
comment on function api.period_ensure_current() is
  'The open period for today, created with any missing months before it; returns its id. Any '
  'signed-in user (the daily job, and on demand).';
