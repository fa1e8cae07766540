-- Orders and volume (issue 5): the sum of an order's items, kept on the
-- order by a trigger, so "subtotal equals the sum of its items" can be
-- checked once per order at commit rather than once per item.
alter table public.orders
  add column items_subtotal numeric(14,2) not null default 0 check (items_subtotal >= 0);
comment on column public.orders.items_subtotal is
  'Sum of order_items.total_price, kept by tg_order_items__totals; must equal subtotal at commit.';
comment on column public.orders.total_pv is
  'Sum of order_items.pv (line totals), kept by tg_order_items__totals.';
