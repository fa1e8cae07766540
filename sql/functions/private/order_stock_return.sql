-- Put the quantities of an order's lines back in stock (cancelled or
-- refunded orders), for products whose stock is tracked. Rows are locked in
-- product id order, as when orders reserve stock.
create or replace function private.order_stock_return(p_order_id uuid)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  perform 1 from public.products p
   where p.id in (select i.product_id from public.order_items i where i.order_id = p_order_id)
   order by p.id for update;
  update public.products p
     set stock_quantity = p.stock_quantity + q.quantity
    from (select i.product_id, sum(i.quantity)::integer as quantity
            from public.order_items i where i.order_id = p_order_id group by i.product_id) as q
   where p.id = q.product_id and p.inventory_tracked;
end
$$;
alter function private.order_stock_return(uuid) owner to mlm_definer;
revoke all on function private.order_stock_return(uuid) from public;
comment on function private.order_stock_return(uuid) is
  'Puts an order''s quantities back in stock (cancelled or refunded orders), locking products in id'
  ' order as orders do.';
