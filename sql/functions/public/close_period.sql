-- The contract's close_period(period_id): plan v1's close of one month
-- ('YYYY-MM'), for DBAs, jobs and tests (sql-contract.md). Its results
-- appear all at once or not at all; see private.period_close.
create or replace function public.close_period(period_id text)
returns jsonb
language sql
volatile
set search_path = ''
as $$
  select api.period_close(period_id)
$$;
revoke all on function public.close_period(text) from public;
grant execute on function public.close_period(text) to mlm_app;
comment on function public.close_period(text) is
  'The contract''s close_period(period_id): closes one month (''YYYY-MM'') with plan v1 (ledger, '
  'period_volumes and totals, all at once or not at all); returns the close''s figures as JSON. '
  'Finance, admins, and DBAs at the console; refuses MLDNY, MLVAL (a malformed id) and MLPER (not '
  'over, an earlier period not finalized, finalized, or a close of it running).';
