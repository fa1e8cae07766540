-- What the period page shows while a close runs and after: the period
-- (status 'calculating' while its close or finalize holds the lock), and
-- its latest close run: state, step of total, label, error, times, who
-- asked. A run whose job died before reporting its end reads as
-- succeeded when the period closed after it started, else as failed.
-- Staff only (the periods pages).
create or replace function api.period_close_state(p_period_id text)
returns table (period_id text, name text, status public.period_status, running boolean,
               total_pv numeric, total_commissions numeric, total_breakage numeric,
               closed_at timestamptz, finalized_at timestamptz, last_error text,
               run_id bigint, run_state text, step integer, total integer, label text, error text,
               requested_at timestamptz, started_at timestamptz, finished_at timestamptz,
               requested_by_name text, result jsonb)
language sql
stable
security definer
set search_path = ''
as $$
  with p as (
    select p.*, private.period_lock_held(p.id) as held
      from public.commission_periods p
     where p.id = p_period_id and (select auth.is_staff())
  ), run as (
    select r.* from private.period_close_runs r where r.period_id = p_period_id order by r.id desc limit 1
  )
  select p.id::text, p.name::text,
         case when p.held then 'calculating'::public.period_status else p.status end, p.held,
         p.total_pv, p.total_commissions, p.total_breakage, p.closed_at, p.finalized_at, p.last_error,
         run.id,
         case when run.state in ('queued', 'running') and not p.held and run.started_at is not null then
                case when p.calculation_completed_at >= run.started_at then 'succeeded'
                     when run.started_at < pg_catalog.clock_timestamp() - interval '30 seconds' then 'failed'
                     else run.state end
              else run.state end,
         run.step, run.total, run.label, run.error, run.requested_at, run.started_at, run.finished_at,
         nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), '')::text, run.result
    from p
    left join run on true
    left join public.users u on u.id = run.requested_by
$$;
alter function api.period_close_state(text) owner to mlm_definer;
revoke all on function api.period_close_state(text) from public;
grant execute on function api.period_close_state(text) to mlm_app;
comment on function api.period_close_state(text) is
  'What the period page shows while a close runs and after: the period (status ''calculating'' '
  'while a close or finalize holds its lock) and its latest close run. Staff only; no row for '
  'others.';
