-- Every commission period, newest first, with its status and totals. A
-- period being closed or finalized right now shows as 'calculating' (its
-- stored status changes only when that transaction commits).
create or replace function api.period_list()
returns table (id text, name text, status public.period_status, total_pv numeric, total_commissions numeric,
               total_breakage numeric, closed_at timestamptz, finalized_at timestamptz)
language sql stable
set search_path = ''
as $$
  with running as (select api.periods_running() as ids)
  select p.id, p.name,
         case when p.id = any (running.ids) then 'calculating'::public.period_status else p.status end,
         p.total_pv, p.total_commissions, p.total_breakage, p.closed_at, p.finalized_at
    from public.commission_periods p, running
   order by p.id desc
$$;
revoke all on function api.period_list() from public;
grant execute on function api.period_list() to mlm_app;
comment on function api.period_list() is
  'Every commission period, newest first, with status and totals; one being closed or finalized '
  'right now shows as ''calculating''. Any signed-in user.';
