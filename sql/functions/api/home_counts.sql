-- Figures for a staff home page, over what the caller may read.
create or replace function api.home_counts()
returns table (distributors bigint, active_distributors bigint, orders_this_month bigint,
               sales_this_month numeric, pv_this_month numeric, open_cases bigint)
language sql stable
set search_path = ''
as $$
  with month as (
    select date_trunc('month', public.app_now() at time zone 'UTC') at time zone 'UTC' as starts)
  select (select count(*) from public.distributors),
         (select count(*) from public.distributors where status = 'active'),
         (select count(*) from public.orders o, month where o.paid_at >= month.starts),
         (select coalesce(sum(o.total), 0) from public.orders o, month where o.paid_at >= month.starts),
         (select coalesce(sum(o.total_pv), 0) from public.orders o, month
           where o.paid_at >= month.starts and o.payment_status = 'paid'),
         (select count(*) from public.compliance_cases where status in ('open', 'investigating'))
$$;
revoke all on function api.home_counts() from public;
grant execute on function api.home_counts() to mlm_app;
comment on function api.home_counts() is
  'Figures for a staff home page, over what the caller may read (RLS). Any signed-in user.';
