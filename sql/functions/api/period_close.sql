-- Close a period now, in the caller's transaction (compensation-plan.md
-- section 1; private.period_close does the work and the checks: finance or
-- admin, MLPER refusals). Returns the close's figures as JSON. The app runs
-- it from the close job (jobs/tasks.py), which relays the progress notices.
create or replace function api.period_close(p_period_id text)
returns jsonb
language sql
volatile
security definer
set search_path = ''
as $$
  select private.period_close(p_period_id)
$$;
alter function api.period_close(text) owner to mlm_definer;
revoke all on function api.period_close(text) from public;
grant execute on function api.period_close(text) to mlm_app;
comment on function api.period_close(text) is
  'Closes a period now, in the caller''s transaction, with plan v1 (private.period_close): ledger, '
  'period_volumes and totals all at once; returns the close''s figures as JSON. Finance, admins and'
  ' DBAs: refuses MLDNY, MLVAL (a malformed period id) and MLPER (not over, an earlier period not '
  'finalized, finalized, or a close of it running).';
