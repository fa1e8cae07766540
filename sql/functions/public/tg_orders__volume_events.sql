-- Orders -> volume events (plan v1 section 2), set-based per statement:
-- inserts and updates re-derive the events of the orders they touched;
-- deleting an order whose events lie in a closed period is refused.
-- An order with events in a closed or finalized period keeps its money and
-- volume columns as they were (MLCLS); its life cycle (shipping, delivery)
-- and a refund dated in an open period go on.
create or replace function public.tg_orders__volume_events()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_ids uuid[];
  v_months text[];
begin
  if tg_op = 'INSERT' then
    select array_agg(id) into v_ids from new_rows where paid_at is not null;
  elsif tg_op = 'UPDATE' then
    select array_agg(distinct n.id) into v_ids
      from new_rows n join old_rows o on o.id = n.id
     where (n.paid_at, n.refunded_at, n.distributor_id, n.order_type, n.subtotal, n.total_pv)
           is distinct from (o.paid_at, o.refunded_at, o.distributor_id, o.order_type, o.subtotal, o.total_pv);
    -- Money columns of an order already in a closed period stay put, even
    -- where the events would come out the same (e.g. a personal order's total).
    select array_agg(distinct e.period_id) into v_months
      from new_rows n join old_rows o on o.id = n.id
      join public.volume_events e on e.order_id = n.id
     where (n.customer_id, n.distributor_id, n.order_type, n.subtotal, n.total, n.discount_amount, n.tax_amount,
            n.shipping_amount, n.total_pv, n.items_subtotal, n.paid_at)
           is distinct from
           (o.customer_id, o.distributor_id, o.order_type, o.subtotal, o.total, o.discount_amount, o.tax_amount,
            o.shipping_amount, o.total_pv, o.items_subtotal, o.paid_at);
    perform private.period_refuse_closed(v_months, 'Changing this order');
  else
    select array_agg(distinct to_char(t.at at time zone 'UTC', 'YYYY-MM')) into v_months
      from old_rows o cross join lateral (values (o.paid_at), (o.refunded_at)) as t (at)
     where t.at is not null;
    perform private.period_refuse_closed(v_months, 'Deleting this order');
    return null;
  end if;
  if v_ids is not null then
    perform private.volume_events_sync(v_ids);
  end if;
  return null;
end
$$;
alter function public.tg_orders__volume_events() owner to mlm_definer;
revoke all on function public.tg_orders__volume_events() from public;

create or replace trigger _300_volume_events_insert
  after insert on public.orders referencing new table as new_rows
  for each statement execute function public.tg_orders__volume_events();
create or replace trigger _300_volume_events_update
  after update on public.orders referencing old table as old_rows new table as new_rows
  for each statement execute function public.tg_orders__volume_events();
create or replace trigger _300_volume_events_delete
  after delete on public.orders referencing old table as old_rows
  for each statement execute function public.tg_orders__volume_events();
