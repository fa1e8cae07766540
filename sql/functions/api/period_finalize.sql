-- Finalize a closed period (private.period_finalize: finance or admin;
-- MLPER refusals). Returns what changed as JSON.
create or replace function api.period_finalize(p_period_id text)
returns jsonb
language sql
volatile
security definer
set search_path = ''
as $$
  select private.period_finalize(p_period_id)
$$;
alter function api.period_finalize(text) owner to mlm_definer;
revoke all on function api.period_finalize(text) from public;
grant execute on function api.period_finalize(text) to mlm_app;
comment on function api.period_finalize(text) is
  'Finalizes a closed period (title ranks updated; its ledger and period_volumes never change '
  'again); returns what changed as JSON. Finance, admins and DBAs (private.period_finalize): '
  'refuses MLDNY, MLVAL (a malformed period id) and MLPER (not closed, already finalized, an '
  'earlier period not finalized, a close of it running).';
