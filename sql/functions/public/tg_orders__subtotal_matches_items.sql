-- Contract: an order's subtotal equals the sum of its items' total_price when
-- its transaction commits. Checked at commit (deferred). The WHEN clause is
-- evaluated when the row event happens, so only events where the two sums
-- differed at that moment are queued: inserting an order whose items come
-- in the next statement queues one check, which at commit finds them equal.
create or replace function public.tg_orders__subtotal_matches_items()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_order public.orders%rowtype;
begin
  select * into v_order from public.orders where id = new.id;
  if found and v_order.subtotal <> v_order.items_subtotal then
    raise exception using errcode = 'MLVAL', column = 'subtotal',
      message = format('Order %s: subtotal %s is not the sum of its items (%s).',
                       v_order.order_number, v_order.subtotal, v_order.items_subtotal);
  end if;
  return null;
end
$$;
alter function public.tg_orders__subtotal_matches_items() owner to mlm_definer;
revoke all on function public.tg_orders__subtotal_matches_items() from public;

drop trigger if exists _310_subtotal_matches_items on public.orders;
create constraint trigger _310_subtotal_matches_items
  after insert or update of subtotal, items_subtotal on public.orders
  deferrable initially deferred
  for each row when (new.subtotal <> new.items_subtotal)
  execute function public.tg_orders__subtotal_matches_items();
