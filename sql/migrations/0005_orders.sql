-- Orders and volume (issue 5): the sum of an order's items, kept on the
-- order by a trigger, so "subtotal equals the sum of its items" can be
-- checked once per order at commit rather than once per item.
alter table public.orders
  add column items_subtotal numeric(14,2) not null default 0 check (items_subtotal >= 0);
comment on column public.orders.items_subtotal is
  'Sum of order_items.total_price, kept by tg_order_items__totals; must equal subtotal at commit.';
comment on column public.orders.total_pv is
  'Sum of order_items.pv (line totals), kept by tg_order_items__totals.';


-- ---------------------------------------------------------------------------
-- Catalogue, customers, orders, autoship (issue 5). The rules live in the
-- api functions (sql/functions/api/order_*.sql, customer_*.sql, ...); this
-- file holds tables, grants and policies.
-- ---------------------------------------------------------------------------

-- Stock is reserved when an order is placed (row lock on the product) and
-- can never go below zero, whoever writes.
alter table public.products
  add constraint products_stock_not_negative check (stock_quantity >= 0),
  add constraint products_subscription_frequency check (
    not is_subscription or subscription_frequency is not null);
create unique index uq_products_sku_upper on public.products (upper(sku));
create index idx_products_status on public.products (status);

-- A distributor buys for itself through its own customer row ("own
-- account"): personal orders are exactly the orders for that row.
alter table public.customers
  add column is_own_account boolean not null default false;
comment on column public.customers.is_own_account is
  'The distributor''s own account: orders for it are personal orders (order_type personal).';
create unique index uq_customers_own_account on public.customers (distributor_id) where is_own_account;
-- The demo loader marked own accounts in notes before this column existed.
update public.customers c set is_own_account = true
 where c.id in (select distinct on (distributor_id) id from public.customers
                 where notes = 'The distributor''s own account, for personal orders.'
                 order by distributor_id, created_at);
create index idx_customers_name_trgm on public.customers
  using gin ((coalesce(first_name, '') || ' ' || coalesce(last_name, '')) gin_trgm_ops);


-- Tax: one rate per country, optionally per region (state, province); the
-- region row wins over the country row. No row: no tax (the quote says so).
create table public.tax_rates (
  id         uuid primary key default gen_random_uuid(),
  country    char(2) not null check (country ~ '^[A-Z]{2}$'),
  -- Null: the whole country (where no region row matches).
  region     varchar(50) check (region is null or (region = btrim(region) and region <> '')),
  rate       numeric(7,6) not null check (rate >= 0 and rate < 1),
  name       varchar(100) not null check (btrim(name) <> ''),
  is_active  boolean not null default true,
  created_at timestamptz not null default public.app_now(),
  updated_at timestamptz not null default public.app_now()
);
create unique index uq_tax_rates_place on public.tax_rates (country, upper(coalesce(region, '')));
create trigger _100_set_updated_at before update on public.tax_rates
  for each row execute function public.tg__set_updated_at();

-- Shipping: methods, and their price per country (a row without country is
-- the price for every other country). Free from an order value (subtotal
-- after discount) when free_from is set.
create table public.shipping_methods (
  id          uuid primary key default gen_random_uuid(),
  code        varchar(50) not null unique check (code ~ '^[a-z0-9]+([_-][a-z0-9]+)*$'),
  name        varchar(100) not null check (btrim(name) <> ''),
  description text,
  is_active   boolean not null default true,
  sort_order  integer not null default 0,
  created_at  timestamptz not null default public.app_now(),
  updated_at  timestamptz not null default public.app_now()
);
create trigger _100_set_updated_at before update on public.shipping_methods
  for each row execute function public.tg__set_updated_at();

create table public.shipping_rates (
  id         uuid primary key default gen_random_uuid(),
  method_id  uuid not null references public.shipping_methods (id) on delete cascade,
  country    char(2) check (country ~ '^[A-Z]{2}$'),
  price      numeric(14,2) not null check (price >= 0),
  free_from  numeric(14,2) check (free_from >= 0),
  created_at timestamptz not null default public.app_now(),
  updated_at timestamptz not null default public.app_now()
);
create unique index uq_shipping_rates_place on public.shipping_rates (method_id, coalesce(country, ''));
create trigger _100_set_updated_at before update on public.shipping_rates
  for each row execute function public.tg__set_updated_at();

-- Default data an admin edits (Admin > Tax and shipping): the two methods
-- the demo orders use. No tax rates: those depend on where the company sells.
insert into public.shipping_methods (code, name, description, sort_order) values
  ('standard', 'Standard', '3-5 business days', 10),
  ('express', 'Express', '1-2 business days', 20);
insert into public.shipping_rates (method_id, country, price, free_from)
select id, null, case code when 'standard' then 7.95 else 19.95 end,
       case code when 'standard' then 100.00 end
  from public.shipping_methods;


-- Autoship: a customer (or a distributor through its own account) gets one
-- product every frequency_days days. Consent is recorded as shown: the
-- exact terms text, when, from which IP and browser, entered by whom.
create type public.autoship_status as enum ('active', 'failed', 'cancelled');

create table public.autoships (
  id                 uuid primary key default gen_random_uuid(),
  customer_id        uuid not null references public.customers (id),
  product_id         uuid not null references public.products (id),
  quantity           integer not null check (quantity between 1 and 99),
  frequency_days     integer not null check (frequency_days between 1 and 365),
  shipping_method    varchar(50) not null default 'standard',
  -- The date of the next order; stays put while its attempts fail.
  next_run_on        date not null,
  status             public.autoship_status not null default 'active',
  -- Failed attempts for next_run_on: the first on the day, then up to three
  -- retries on the following days; the fourth failure marks it failed.
  failure_count      integer not null default 0 check (failure_count between 0 and 4),
  last_error         text,
  last_order_id      uuid,
  consent_text       text not null check (btrim(consent_text) <> ''),
  consent_at         timestamptz not null,
  consent_ip         inet,
  consent_user_agent text,
  consent_by         uuid references public.users (id) on delete set null,
  cancelled_at       timestamptz,
  cancelled_by       uuid references public.users (id) on delete set null,
  created_at         timestamptz not null default public.app_now(),
  updated_at         timestamptz not null default public.app_now(),
  constraint autoships_cancelled_at check ((status = 'cancelled') = (cancelled_at is not null)),
  constraint autoships_failed_has_reason check (status <> 'failed' or last_error is not null)
);
create index idx_autoships_due on public.autoships (next_run_on) where status = 'active';
create index idx_autoships_customer on public.autoships (customer_id);
create index idx_autoships_product on public.autoships (product_id);
create trigger _100_set_updated_at before update on public.autoships
  for each row execute function public.tg__set_updated_at();

-- One row per autoship and job day: what the run did. The unique key is
-- what makes a second run on the same day do nothing.
create table public.autoship_attempts (
  id          bigint generated always as identity primary key,
  autoship_id uuid not null references public.autoships (id) on delete cascade,
  run_on      date not null,
  due_on      date not null,
  outcome     text not null check (outcome in ('created', 'failed')),
  order_id    uuid references public.orders (id) on delete set null,
  reason      text,
  created_at  timestamptz not null default public.app_now(),
  unique (autoship_id, run_on),
  constraint autoship_attempts_failed_reason check (outcome <> 'failed' or reason is not null)
);
create index idx_autoship_attempts_order on public.autoship_attempts (order_id) where order_id is not null;

-- A provider's CSV export of payments, as imported: who, when, and what
-- became of each row.
create table public.payment_imports (
  id          uuid primary key default gen_random_uuid(),
  source      varchar(200) not null,
  imported_by uuid references public.users (id) on delete set null,
  row_count   integer not null default 0 check (row_count >= 0),
  recorded    integer not null default 0 check (recorded >= 0),
  skipped     integer not null default 0 check (skipped >= 0),
  failed      integer not null default 0 check (failed >= 0),
  results     jsonb not null default '[]' check (jsonb_typeof(results) = 'array'),
  created_at  timestamptz not null default public.app_now()
);
create index idx_payment_imports_created on public.payment_imports (created_at desc);


-- Orders: what the api functions record beside the seed's columns.
alter table public.orders
  add column discount_percent numeric(5,2) check (discount_percent > 0 and discount_percent <= 100),
  add column tax_rate         numeric(7,6) check (tax_rate >= 0 and tax_rate < 1),
  add column cancel_reason    text,
  add column placed_by        uuid references public.users (id) on delete set null,
  -- One per rendered order form: a second submit finds the first order.
  add column idempotency_key  uuid,
  add column autoship_id      uuid references public.autoships (id) on delete set null,
  add column autoship_due_on  date,
  add constraint orders_discount_has_reason check (discount_amount = 0 or discount_reason is not null),
  add constraint orders_autoship_due check (autoship_id is null or autoship_due_on is not null);
comment on column public.orders.tax_rate is 'The tax rate applied when the order was placed (null: none found).';
comment on column public.orders.discount_percent is
  'Set when the discount is a percentage of the subtotal; discount_amount is then that percentage, rounded to the cent.';
create unique index uq_orders_idempotency on public.orders (placed_by, idempotency_key)
  where idempotency_key is not null;
create unique index uq_orders_autoship_due on public.orders (autoship_id, autoship_due_on)
  where autoship_id is not null;
create index idx_orders_created_by_distributor on public.orders (distributor_id, created_at desc);
create index idx_orders_number_trgm on public.orders using gin (order_number gin_trgm_ops);
alter table public.autoships
  add constraint autoships_last_order_fk foreign key (last_order_id)
  references public.orders (id) on delete set null;

-- Readable unique order numbers: SO-<year>-<six or more digits>, from one
-- sequence (private.order_number_next skips numbers already taken).
create sequence private.order_number_seq;
select setval('private.order_number_seq',
              greatest(coalesce(max(substring(order_number from '^SO-[0-9]{4}-([0-9]{1,15})$')::bigint), 0), 1),
              coalesce(max(substring(order_number from '^SO-[0-9]{4}-([0-9]{1,15})$')::bigint), 0) > 0)
  from public.orders;


-- ---------------------------------------------------------------------------
-- Grants and row-level security
-- ---------------------------------------------------------------------------

-- Orders and their lines are written only by the api functions (security
-- definer, owned by mlm_definer): they take prices and PV from the catalogue,
-- reserve stock under row locks, and allow each role exactly its transitions
-- (finance: record payment; support: payment, shipping, refunds; a
-- distributor: place and cancel its own unpaid orders). The direct write
-- policies of 0003 go with the grants.
revoke insert, update, delete on public.orders, public.order_items from mlm_app;
drop policy orders__insert_distributor on public.orders;
drop policy orders__update_distributor on public.orders;
drop policy orders__update_support on public.orders;
drop policy orders__update_finance on public.orders;
drop policy orders__all_admin on public.orders;
drop policy order_items__insert_distributor on public.order_items;
drop policy order_items__update_distributor on public.order_items;
drop policy order_items__delete_distributor on public.order_items;
drop policy order_items__all_admin on public.order_items;

-- The definer functions of orders and autoships reuse a few api helpers
-- (address_clean, customer_ship_to, order_lines_parse, order_charges,
-- autoship_terms); each of those files grants execute to mlm_definer.
grant usage on schema api to mlm_definer;

-- Catalogue-like tables: every signed-in role reads, admins write.
grant select, insert, update, delete on public.tax_rates, public.shipping_methods, public.shipping_rates
  to mlm_app;
alter table public.tax_rates        enable row level security, force row level security;
alter table public.shipping_methods enable row level security, force row level security;
alter table public.shipping_rates   enable row level security, force row level security;
create policy tax_rates__select_signed_in on public.tax_rates for select to mlm_app
  using ((select auth.user_role()) is not null);
create policy tax_rates__all_admin on public.tax_rates for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));
create policy shipping_methods__select_signed_in on public.shipping_methods for select to mlm_app
  using ((select auth.user_role()) is not null);
create policy shipping_methods__all_admin on public.shipping_methods for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));
create policy shipping_rates__select_signed_in on public.shipping_rates for select to mlm_app
  using ((select auth.user_role()) is not null);
create policy shipping_rates__all_admin on public.shipping_rates for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

-- Autoships follow their customer: a distributor reads those of its own
-- customers, staff read all. Written only by the api functions (consent is
-- stamped there, attempts by the job), so mlm_app only reads.
grant select on public.autoships, public.autoship_attempts, public.payment_imports to mlm_app;
alter table public.autoships         enable row level security, force row level security;
alter table public.autoship_attempts enable row level security, force row level security;
alter table public.payment_imports   enable row level security, force row level security;
create policy autoships__select_distributor on public.autoships for select to mlm_app
  using ((select auth.has_role('distributor'))
         and exists (select from public.customers c
                      where c.id = autoships.customer_id and c.distributor_id = (select auth.user_id())));
create policy autoships__select_staff on public.autoships for select to mlm_app
  using ((select auth.is_staff()));
create policy autoship_attempts__select_distributor on public.autoship_attempts for select to mlm_app
  using ((select auth.has_role('distributor'))
         and exists (select from public.autoships a join public.customers c on c.id = a.customer_id
                      where a.id = autoship_attempts.autoship_id and c.distributor_id = (select auth.user_id())));
create policy autoship_attempts__select_staff on public.autoship_attempts for select to mlm_app
  using ((select auth.is_staff()));
-- Payments are support's, finance's and the admin's; auditors read.
create policy payment_imports__select_staff on public.payment_imports for select to mlm_app
  using ((select auth.has_role('support', 'finance', 'auditor', 'admin')));
