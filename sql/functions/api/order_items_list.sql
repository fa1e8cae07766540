-- The lines of an order as captured when it was placed (invoker: RLS).
create or replace function api.order_items_list(p_order_id uuid)
returns table (id uuid, product_id uuid, sku text, name text, quantity integer, unit_price numeric,
               total_price numeric, pv numeric)
language sql stable
set search_path = ''
as $$
  select i.id, i.product_id, p.sku::text, p.name::text, i.quantity, i.unit_price, i.total_price, i.pv
    from public.order_items i
    left join public.products p on p.id = i.product_id
   where i.order_id = p_order_id
   order by i.created_at, p.name, i.id
$$;
revoke all on function api.order_items_list(uuid) from public;
grant execute on function api.order_items_list(uuid) to mlm_app;
comment on function api.order_items_list(uuid) is
  'The lines of an order as captured when it was placed. Any signed-in user who may see the order '
  '(RLS).';
