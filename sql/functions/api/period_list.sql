-- Every commission period, newest first, with its status and totals.
create or replace function api.period_list()
returns table (id text, name text, status public.period_status, total_pv numeric, total_commissions numeric,
               total_breakage numeric, closed_at timestamptz, finalized_at timestamptz)
language sql stable
set search_path = ''
as $$
  select p.id, p.name, p.status, p.total_pv, p.total_commissions, p.total_breakage, p.closed_at, p.finalized_at
    from public.commission_periods p
   order by p.id desc
$$;
revoke all on function api.period_list() from public;
grant execute on function api.period_list() to mlm_app;
