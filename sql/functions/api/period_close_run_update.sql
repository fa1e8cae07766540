-- The close job's reports on run p_run_id, written over a connection of
-- their own so other sessions see them while the close's transaction is
-- still open: a step (p_step of p_total, p_label) marks the run running;
-- p_finished marks it succeeded (p_error null, p_result the close's
-- figures) or failed (p_error, for a person; also kept as the period's
-- last_error). Finance and admins only (the job acts as the user who
-- pressed the button). A finished run never changes again.
create or replace function api.period_close_run_update(p_run_id bigint, p_step integer default null,
                                                       p_total integer default null, p_label text default null,
                                                       p_finished boolean default false, p_error text default null,
                                                       p_result jsonb default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_period text;
begin
  if not auth.has_role('finance', 'admin') then
    raise exception using errcode = 'MLDNY', message = 'Only finance or an admin can report on a close.';
  end if;
  update private.period_close_runs r
     set state = case when not p_finished then 'running' when p_error is null then 'succeeded' else 'failed' end,
         started_at = coalesce(r.started_at, pg_catalog.clock_timestamp()),
         finished_at = case when p_finished then pg_catalog.clock_timestamp() end,
         step = coalesce(p_step, case when p_finished and p_error is null then r.total else r.step end),
         total = coalesce(p_total, r.total),
         label = coalesce(p_label, case when p_finished then case when p_error is null then 'Closed' else 'Failed' end
                                        else r.label end),
         error = left(p_error, 2000),
         result = p_result
   where r.id = p_run_id and r.state in ('queued', 'running')
  returning r.period_id into v_period;
  if p_finished and p_error is not null and v_period is not null then
    update public.commission_periods p set last_error = left(p_error, 2000)
     where p.id = v_period and p.status <> 'finalized';
  end if;
end
$$;
alter function api.period_close_run_update(bigint, integer, integer, text, boolean, text, jsonb) owner to mlm_definer;
revoke all on function api.period_close_run_update(bigint, integer, integer, text, boolean, text, jsonb) from public;
grant execute on function api.period_close_run_update(bigint, integer, integer, text, boolean, text, jsonb) to mlm_app;
comment on function api.period_close_run_update(bigint, integer, integer, text, boolean, text, jsonb) is
  'The close job''s progress reports on a run (a step, or finished with its result or error), '
  'written over a connection of their own. Finance and admins only (the job acts as the requesting '
  'user): refuses MLDNY.';
