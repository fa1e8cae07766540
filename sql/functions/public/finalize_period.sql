-- The contract's finalize_period(period_id): freeze a closed period; see
-- private.period_finalize.
create or replace function public.finalize_period(period_id text)
returns jsonb
language sql
volatile
set search_path = ''
as $$
  select api.period_finalize(period_id)
$$;
revoke all on function public.finalize_period(text) from public;
grant execute on function public.finalize_period(text) to mlm_app;
comment on function public.finalize_period(text) is
  'The contract''s finalize_period(period_id): freezes a closed period (title ranks updated; its '
  'ledger and period_volumes never change again); returns what changed as JSON. Finance, admins, '
  'and DBAs at the console; refuses MLDNY, MLVAL (a malformed id) and MLPER (not closed, already '
  'finalized, an earlier period not finalized, a close of it running).';
