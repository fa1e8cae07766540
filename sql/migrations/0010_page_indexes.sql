-- Indexes for the pages that must hold at the top of a big tree.
--
-- A distributor's recent orders and its orders list read the orders of its
-- own customers newest first, a page per customer (api.home_recent_orders,
-- api.order_search); (customer_id) alone made that every order of each
-- customer, sorted. The composite index serves every lookup by customer the
-- old one did (same leading column: the foreign key, customer pages), so the
-- old one goes rather than being written twice on every order.
create index idx_orders_customer_created on public.orders (customer_id, created_at desc);
drop index public.idx_orders_customer;
