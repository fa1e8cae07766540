-- Keep the customer's order figures (lifetime_value, first_order_date,
-- last_order_date) equal to its paid orders, per statement: lifetime value
-- is the sum of the totals of its paid orders (refunded and unpaid orders
-- count nothing), the dates are the UTC days of the first and last payment.
-- Only the customers whose figures changed are written.
create or replace function public.tg_orders__customer_totals()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct customer_id) into v_ids from new_rows where payment_status = 'paid';
  elsif tg_op = 'UPDATE' then
    select array_agg(distinct c) into v_ids
      from new_rows n join old_rows o on o.id = n.id
      cross join lateral (values (n.customer_id), (o.customer_id)) as t (c)
     where (n.customer_id, n.payment_status, n.total, n.paid_at)
           is distinct from (o.customer_id, o.payment_status, o.total, o.paid_at);
  else
    select array_agg(distinct customer_id) into v_ids from old_rows where payment_status = 'paid';
  end if;
  if v_ids is null then
    return null;
  end if;
  update public.customers c
     set lifetime_value = s.value, first_order_date = s.first_day, last_order_date = s.last_day
    from (select i.id,
                 coalesce(sum(o.total), 0) as value,
                 min((o.paid_at at time zone 'UTC')::date) as first_day,
                 max((o.paid_at at time zone 'UTC')::date) as last_day
            from unnest(v_ids) as i (id)
            left join public.orders o on o.customer_id = i.id and o.payment_status = 'paid'
           group by i.id) as s
   where c.id = s.id
     and (c.lifetime_value, c.first_order_date, c.last_order_date)
         is distinct from (s.value, s.first_day, s.last_day);
  return null;
end
$$;
alter function public.tg_orders__customer_totals() owner to mlm_definer;
revoke all on function public.tg_orders__customer_totals() from public;

create or replace trigger _320_customer_totals_insert
  after insert on public.orders referencing new table as new_rows
  for each statement execute function public.tg_orders__customer_totals();
create or replace trigger _320_customer_totals_update
  after update on public.orders referencing old table as old_rows new table as new_rows
  for each statement execute function public.tg_orders__customer_totals();
create or replace trigger _320_customer_totals_delete
  after delete on public.orders referencing old table as old_rows
  for each statement execute function public.tg_orders__customer_totals();
