-- An unpaid order holds its stock for plan setting order_hold_hours (48),
-- then api.orders_expire_unpaid (a job every ten minutes) cancels it and
-- returns the stock: one unpaid order for 120 units held the product's
-- whole stock forever. The partial index finds the expired ones without
-- reading paid or cancelled orders.
insert into public.plan_settings (key, value, description) values
  ('order_hold_hours', '48',
   'Hours an unpaid order keeps its stock reserved; then it is cancelled and the stock returned (1-8760).')
on conflict (key) do nothing;

create index if not exists idx_orders_unpaid_created on public.orders (created_at)
  where status = 'pending' and payment_status in ('pending', 'failed');
