-- Keep orders.total_pv and orders.items_subtotal equal to the sums of their
-- items, per statement. The update of the order then re-derives its volume
-- events (and is refused for an order in a closed period).
create or replace function public.tg_order_items__totals()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct order_id) into v_ids from new_rows;
  elsif tg_op = 'UPDATE' then
    select array_agg(distinct order_id) into v_ids
      from (select order_id from new_rows union all select order_id from old_rows) as t;
  else
    select array_agg(distinct order_id) into v_ids from old_rows;
  end if;
  update public.orders o
     set total_pv = s.pv, items_subtotal = s.total
    from (select i.id, coalesce(sum(oi.pv), 0) as pv, coalesce(sum(oi.total_price), 0) as total
            from unnest(v_ids) as i (id)
            left join public.order_items oi on oi.order_id = i.id
           group by i.id) as s
   where o.id = s.id
     and (o.total_pv, o.items_subtotal) is distinct from (s.pv, s.total);
  return null;
end
$$;
alter function public.tg_order_items__totals() owner to mlm_definer;
revoke all on function public.tg_order_items__totals() from public;

create or replace trigger _300_totals_insert
  after insert on public.order_items referencing new table as new_rows
  for each statement execute function public.tg_order_items__totals();
create or replace trigger _300_totals_update
  after update on public.order_items referencing old table as old_rows new table as new_rows
  for each statement execute function public.tg_order_items__totals();
create or replace trigger _300_totals_delete
  after delete on public.order_items referencing old table as old_rows
  for each statement execute function public.tg_order_items__totals();
