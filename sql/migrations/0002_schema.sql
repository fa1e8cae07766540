-- The business schema: types, tables, indexes, plan v1 data, huey's queue.
--
-- Sources, in order of precedence: sql-contract.md, compensation-plan.md,
-- seed 000 (schema), seed 001 (tech spec). Every choice between them is one
-- line in sql/migrations/README.md ("Reconciliations").
--
-- Not here, on purpose (later migrations): row-level security and policies,
-- grants to mlm_app, audit triggers, genealogy triggers, volume-event and
-- period-guard triggers. Names are schema-qualified so the file does not
-- depend on the session's search_path; extension objects (citext,
-- gin_trgm_ops) resolve where 0001 installed them.
--
-- Types: every timestamp is timestamptz; created_at/updated_at default to
-- public.app_now() (the one clock tests can pin), never now(). Money and
-- volume are numeric(14,2), period totals numeric(16,2); never float.


-- ---------------------------------------------------------------------------
-- Enums
-- ---------------------------------------------------------------------------

create type public.user_role as enum (
  'admin', 'manager', 'distributor', 'support', 'finance', 'auditor'
);
create type public.user_status as enum ('active', 'inactive', 'suspended', 'pending');
create type public.distributor_status as enum ('active', 'inactive', 'terminated', 'on_hold');
create type public.genealogy_type as enum ('sponsor', 'placement');

-- Seed 000's list plus 'event' and 'import' from seed 001.
create type public.contact_source as enum (
  'website', 'referral', 'trade_show', 'social_media',
  'advertisement', 'cold_call', 'email_campaign', 'other',
  'event', 'import'
);
create type public.contact_status as enum (
  'new', 'contacted', 'qualified', 'proposal',
  'negotiation', 'enrolled', 'won', 'lost'
);
-- Seed 001: the sales pipeline board, beside the seed 000 status.
create type public.pipeline_stage as enum (
  'new', 'contacted', 'follow_up', 'proposal', 'negotiation',
  'closed_won', 'closed_lost'
);
create type public.activity_type as enum (
  'call', 'email', 'meeting', 'note', 'stage_change', 'task_done', 'sms', 'other'
);

create type public.task_type as enum (
  'call', 'email', 'meeting', 'follow_up', 'demo', 'presentation', 'other'
);
create type public.task_priority as enum ('low', 'medium', 'high', 'urgent');
create type public.task_status as enum ('pending', 'in_progress', 'completed', 'cancelled');

create type public.customer_status as enum ('active', 'inactive', 'suspended');
create type public.product_status as enum ('active', 'inactive', 'discontinued');
-- retail: a customer's purchase (retail base = subtotal); personal: the
-- distributor's own purchase (retail base 0). compensation-plan.md section 2.
create type public.order_type as enum ('retail', 'personal');
create type public.order_status as enum (
  'pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded'
);
create type public.payment_status as enum (
  'pending', 'paid', 'failed', 'refunded', 'partially_refunded'
);

-- Declared in life-cycle order, so `status >= 'closed'` means closed or finalized.
create type public.period_status as enum ('open', 'calculating', 'closed', 'finalized');
create type public.commission_type as enum (
  'retail', 'unilevel', 'matching', 'leadership',
  'fast_start', 'rank_bonus', 'car_bonus', 'adjustment'
);
create type public.payout_method as enum (
  'bank_transfer', 'paypal', 'check', 'cryptocurrency', 'e_wallet'
);
create type public.payout_status as enum (
  'requested', 'approved', 'processing', 'completed', 'failed', 'cancelled'
);

create type public.case_severity as enum ('low', 'medium', 'high', 'critical');
create type public.case_status as enum ('open', 'investigating', 'resolved', 'closed');


-- ---------------------------------------------------------------------------
-- updated_at maintenance (sql/functions/public/tg__set_updated_at.sql takes
-- over from the next upgrade on; this copy exists because the triggers below
-- need the function now).
-- ---------------------------------------------------------------------------

create or replace function public.tg__set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := public.app_now();
  return new;
end
$$;


-- ---------------------------------------------------------------------------
-- People
-- ---------------------------------------------------------------------------

-- Names live here (not in user_profiles) so staff and auditors read them with
-- the row; a distributor reads other people's names only through a definer
-- function or view (sql-contract.md). No secrets here: see
-- private.user_credentials.
create table public.users (
  id                 uuid primary key default gen_random_uuid(),
  email              citext not null unique
                     check (length(email) <= 255 and email::text like '_%@_%'),
  phone              varchar(20),
  first_name         varchar(100),
  last_name          varchar(100),
  role               public.user_role not null default 'distributor',
  status             public.user_status not null default 'active',
  email_verified     boolean not null default false,
  phone_verified     boolean not null default false,
  two_factor_enabled boolean not null default false,
  login_attempts     integer not null default 0 check (login_attempts >= 0),
  locked_until       timestamptz,
  last_login         timestamptz,
  locale             varchar(10) not null default 'en-US',
  timezone           varchar(50) not null default 'UTC',
  -- The seeded user scheduled jobs act as; it has no credentials row.
  is_system          boolean not null default false,
  created_at         timestamptz not null default public.app_now(),
  updated_at         timestamptz not null default public.app_now(),
  created_by         uuid references public.users (id) on delete set null
);
-- The unique constraint already indexes email (seed's idx_users_email).
create index idx_users_role_status on public.users (role, status);
-- Deleting a user sets created_by to null in the rows it created.
create index idx_users_created_by on public.users (created_by) where created_by is not null;

-- Secrets, out of mlm_app's reach (no usage on schema private): only the
-- security definer sign-in and enrolment functions read or write them.
create table private.user_credentials (
  user_id             uuid primary key references public.users (id) on delete cascade,
  password_hash       text,
  totp_secret         text,
  -- Last accepted TOTP time step, so a code cannot be replayed.
  totp_last_counter   bigint,
  backup_code_hashes  text[] not null default '{}',
  password_changed_at timestamptz,
  updated_at          timestamptz not null default public.app_now()
);

create table public.user_profiles (
  user_id                 uuid primary key references public.users (id) on delete cascade,
  avatar_url              text,
  date_of_birth           date,
  gender                  varchar(20),
  address                 jsonb,
  emergency_contact       jsonb,
  tax_id                  varchar(50),
  kyc_status              varchar(20) not null default 'pending',
  -- One JSON array of document descriptors (seed: jsonb[]): one type, one
  -- set of jsonb operators, and a plain '[]' default.
  kyc_documents           jsonb not null default '[]'
                          check (jsonb_typeof(kyc_documents) = 'array'),
  marketing_consent       boolean not null default false,
  data_processing_consent boolean not null default true,
  created_at              timestamptz not null default public.app_now(),
  updated_at              timestamptz not null default public.app_now()
);

create table public.territories (
  id           uuid primary key default gen_random_uuid(),
  name         varchar(100) not null,
  country_code char(2) check (country_code ~ '^[A-Z]{2}$'),
  region       varchar(100),
  parent_id    uuid references public.territories (id),
  manager_id   uuid references public.users (id) on delete set null,
  created_at   timestamptz not null default public.app_now()
);


-- ---------------------------------------------------------------------------
-- Plan data: every number of the plan is a row an admin can edit
-- ---------------------------------------------------------------------------

create table public.ranks (
  id               varchar(50) primary key,
  name             varchar(100) not null,
  level            integer not null unique check (level >= 1),
  min_personal_pv  numeric(14,2) not null default 0 check (min_personal_pv >= 0),
  min_group_pv     numeric(14,2) not null default 0 check (min_group_pv >= 0),
  min_legs         integer not null default 0 check (min_legs >= 0),
  min_leg_volume   numeric(14,2) not null default 0 check (min_leg_volume >= 0),
  -- Share of min_group_pv one leg may count for; null: legs are not capped.
  max_leg_share    numeric(5,4) check (max_leg_share > 0 and max_leg_share <= 1),
  -- Leadership (stairstep) rate.
  commission_rate  numeric(5,4) not null default 0
                   check (commission_rate >= 0 and commission_rate <= 1),
  -- Deepest compressed unilevel level this rank is paid on.
  unilevel_depth   integer not null default 0 check (unilevel_depth >= 0),
  -- matching_rates[k]: rate on the unilevel earnings of level-k qualified downline.
  matching_rates   numeric(5,4)[] not null default '{}'
                   check (array_position(matching_rates, null) is null
                          and 0 <= all (matching_rates) and 1 >= all (matching_rates)),
  rank_bonus       numeric(14,2) not null default 0 check (rank_bonus >= 0),
  car_bonus        numeric(14,2) not null default 0 check (car_bonus >= 0),
  requirements     jsonb,
  benefits         jsonb,
  bonus_percentage numeric(5,4) check (bonus_percentage >= 0 and bonus_percentage <= 1),
  is_active        boolean not null default true,
  created_at       timestamptz not null default public.app_now(),
  updated_at       timestamptz not null default public.app_now()
);

-- Plan-wide numbers (retail rate, unilevel rates, fast start). Values are
-- JSON numbers or arrays of numbers; the close reads them when it runs.
create table public.plan_settings (
  key         text primary key,
  value       jsonb not null,
  description text,
  updated_at  timestamptz not null default public.app_now(),
  updated_by  uuid references public.users (id) on delete set null
);


-- ---------------------------------------------------------------------------
-- MLM structure
-- ---------------------------------------------------------------------------

-- No contact or private data here (no email, phone, address, tax id): other
-- distributors may read these rows (their downline and sponsor).
create table public.distributors (
  user_id            uuid primary key references public.users (id) on delete cascade,
  distributor_number varchar(20) not null unique,
  sponsor_id         uuid references public.distributors (user_id),
  placement_id       uuid references public.distributors (user_id),
  enroller_id        uuid references public.distributors (user_id),
  -- Title rank: the highest paid-as rank of a finalized period; null = none yet.
  rank_id            varchar(50) references public.ranks (id),
  join_date          date not null default (public.app_now() at time zone 'UTC')::date,
  status             public.distributor_status not null default 'active',
  territory_id       uuid references public.territories (id),
  personal_pv        numeric(14,2) not null default 0,
  group_pv           numeric(14,2) not null default 0,
  current_month_pv   numeric(14,2) not null default 0,
  current_month_gv   numeric(14,2) not null default 0,
  lifetime_pv        numeric(14,2) not null default 0,
  auto_ship_active   boolean not null default false,
  qualification_date date,
  next_rank_target   varchar(50) references public.ranks (id),
  notes              text,
  created_at         timestamptz not null default public.app_now(),
  updated_at         timestamptz not null default public.app_now(),
  constraint distributors_not_own_sponsor check (sponsor_id <> user_id),
  constraint distributors_not_own_placement check (placement_id <> user_id),
  constraint distributors_not_own_enroller check (enroller_id <> user_id)
);
comment on column public.distributors.personal_pv is
  'Cache for display only. Source of truth: volume_events / period_volumes.';
comment on column public.distributors.group_pv is
  'Cache for display only. Source of truth: volume_events / period_volumes.';
comment on column public.distributors.current_month_pv is
  'Cache for display only. Source of truth: volume_events / period_volumes.';
comment on column public.distributors.current_month_gv is
  'Cache for display only. Source of truth: volume_events / period_volumes.';
comment on column public.distributors.lifetime_pv is
  'Cache for display only. Source of truth: volume_events / period_volumes.';

create index idx_distributors_sponsor on public.distributors (sponsor_id);
create index idx_distributors_placement on public.distributors (placement_id);
create index idx_distributors_enroller on public.distributors (enroller_id)
  where enroller_id is not null;
create index idx_distributors_rank on public.distributors (rank_id);
create index idx_distributors_status on public.distributors (status);
create index idx_distributors_number_trgm on public.distributors
  using gin (distributor_number gin_trgm_ops);

-- Closure table: one row per (ancestor, descendant, tree), depth >= 1, no
-- self rows. Kept by set-based triggers (a later migration). A bigint key:
-- the table holds about N x depth rows and nothing references the key, so
-- 8 bytes beat a 16-byte uuid in the heap and in the primary key index.
create table public.genealogy_paths (
  id            bigint generated always as identity primary key,
  ancestor_id   uuid not null references public.distributors (user_id) on delete cascade,
  descendant_id uuid not null references public.distributors (user_id) on delete cascade,
  depth         integer not null check (depth >= 1),
  path_type     public.genealogy_type not null,
  leg_position  integer,
  created_at    timestamptz not null default public.app_now(),
  unique (ancestor_id, descendant_id, path_type),
  constraint genealogy_paths_no_self check (ancestor_id <> descendant_id)
);
-- Downline by level ("my level 3"), and upline walks (a source's ancestors).
create index idx_genealogy_ancestor_type_depth
  on public.genealogy_paths (ancestor_id, path_type, depth);
create index idx_genealogy_descendant_type_depth
  on public.genealogy_paths (descendant_id, path_type, depth);


-- ---------------------------------------------------------------------------
-- Customers (before contacts: a contact converts into one)
-- ---------------------------------------------------------------------------

create table public.customers (
  id                 uuid primary key default gen_random_uuid(),
  customer_number    varchar(20) not null unique,
  distributor_id     uuid not null references public.distributors (user_id),
  -- Not unique: two distributors may each have the same person as customer.
  email              citext not null
                     check (length(email) <= 255 and email::text like '_%@_%'),
  phone              varchar(20),
  first_name         varchar(100),
  last_name          varchar(100),
  date_of_birth      date,
  preferred_language varchar(10) not null default 'en',
  billing_address    jsonb,
  -- JSON arrays rather than the seed's jsonb[]: one type, jsonb operators
  -- and containment work on the whole list, and '[]' is a plain default.
  shipping_addresses jsonb not null default '[]'
                     check (jsonb_typeof(shipping_addresses) = 'array'),
  -- Payment-provider tokens and display hints only, never card numbers.
  payment_methods    jsonb not null default '[]'
                     check (jsonb_typeof(payment_methods) = 'array'),
  marketing_opt_in   boolean not null default false,
  auto_ship_enabled  boolean not null default false,
  loyalty_points     integer not null default 0,
  lifetime_value     numeric(14,2) not null default 0,
  first_order_date   date,
  last_order_date    date,
  status             public.customer_status not null default 'active',
  notes              text,
  search_vector      tsvector generated always as (
                       setweight(to_tsvector('simple',
                         coalesce(first_name, '') || ' ' || coalesce(last_name, '')), 'A')
                       || setweight(to_tsvector('simple',
                         coalesce(email::text, '') || ' ' || coalesce(phone, '') || ' '
                         || customer_number), 'B')
                     ) stored,
  created_at         timestamptz not null default public.app_now(),
  updated_at         timestamptz not null default public.app_now()
);
create index idx_customers_distributor on public.customers (distributor_id);
create index idx_customers_email on public.customers (email);
create index idx_customers_search on public.customers using gin (search_vector);
create index idx_customers_number_trgm on public.customers
  using gin (customer_number gin_trgm_ops);


-- ---------------------------------------------------------------------------
-- CRM
-- ---------------------------------------------------------------------------

create table public.contacts (
  id                          uuid primary key default gen_random_uuid(),
  owner_id                    uuid not null references public.users (id),
  first_name                  varchar(100),
  last_name                   varchar(100),
  -- The seed's required display name, derived so that a row giving only
  -- first_name/last_name is complete and the two can never disagree.
  name                        text not null generated always as (
                                btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))
                              ) stored,
  email                       varchar(255),
  phone                       varchar(20),
  company                     varchar(200),
  title                       varchar(100),
  source                      public.contact_source,
  status                      public.contact_status not null default 'new',
  stage                       public.pipeline_stage not null default 'new',
  tags                        text[] not null default '{}',
  notes                       text,
  lead_score                  integer not null default 0,
  last_activity_at            timestamptz,
  next_follow_up              timestamptz,
  converted_at                timestamptz,
  converted_to_customer_id    uuid references public.customers (id) on delete set null,
  converted_to_distributor_id uuid references public.distributors (user_id) on delete set null,
  lost_reason                 text,
  metadata                    jsonb not null default '{}',
  search_vector               tsvector generated always as (
                                setweight(to_tsvector('simple',
                                  coalesce(first_name, '') || ' ' || coalesce(last_name, '')), 'A')
                                || setweight(to_tsvector('simple',
                                  coalesce(email, '') || ' ' || coalesce(phone, '') || ' '
                                  || coalesce(company, '')), 'B')
                                || setweight(to_tsvector('simple', coalesce(notes, '')), 'D')
                              ) stored,
  created_at                  timestamptz not null default public.app_now(),
  updated_at                  timestamptz not null default public.app_now(),
  -- A contact row must say who it is about.
  constraint contacts_identifiable check (
    coalesce(first_name, last_name, email, phone, company) is not null)
);
create index idx_contacts_owner_status on public.contacts (owner_id, status);
create index idx_contacts_email on public.contacts (email);
create index idx_contacts_email_trgm on public.contacts using gin (email gin_trgm_ops);
create index idx_contacts_last_activity on public.contacts (last_activity_at);
create index idx_contacts_search on public.contacts using gin (search_vector);
create index idx_contacts_converted_customer on public.contacts (converted_to_customer_id)
  where converted_to_customer_id is not null;
create index idx_contacts_converted_distributor on public.contacts (converted_to_distributor_id)
  where converted_to_distributor_id is not null;

-- A contact's timeline (seed 001's /contacts/:id/activities); goes with the contact.
create table public.activities (
  id          uuid primary key default gen_random_uuid(),
  contact_id  uuid not null references public.contacts (id) on delete cascade,
  owner_id    uuid not null references public.users (id),
  type        public.activity_type not null,
  subject     varchar(200),
  body        text,
  occurred_at timestamptz not null default public.app_now(),
  metadata    jsonb,
  created_at  timestamptz not null default public.app_now()
);
create index idx_activities_contact_occurred on public.activities (contact_id, occurred_at desc);
create index idx_activities_owner on public.activities (owner_id);

create table public.tasks (
  id               uuid primary key default gen_random_uuid(),
  title            varchar(200) not null,
  description      text,
  type             public.task_type not null,
  priority         public.task_priority not null default 'medium',
  status           public.task_status not null default 'pending',
  assignee_id      uuid not null references public.users (id),
  created_by_id    uuid not null references public.users (id),
  -- A distributor may delete its own contacts; their tasks go with them.
  contact_id       uuid references public.contacts (id) on delete cascade,
  customer_id      uuid references public.customers (id),
  due_at           timestamptz,
  completed_at     timestamptz,
  reminder_sent    boolean not null default false,
  reminder_sent_at timestamptz,
  created_at       timestamptz not null default public.app_now(),
  updated_at       timestamptz not null default public.app_now()
);
create index idx_tasks_assignee_status on public.tasks (assignee_id, status);
create index idx_tasks_created_by on public.tasks (created_by_id);
create index idx_tasks_due_date on public.tasks (due_at);
create index idx_tasks_contact on public.tasks (contact_id) where contact_id is not null;
create index idx_tasks_customer on public.tasks (customer_id) where customer_id is not null;


-- ---------------------------------------------------------------------------
-- Catalogue and orders
-- ---------------------------------------------------------------------------

create table public.product_categories (
  id         uuid primary key default gen_random_uuid(),
  name       varchar(100) not null,
  slug       varchar(100) not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  parent_id  uuid references public.product_categories (id),
  sort_order integer not null default 0,
  is_active  boolean not null default true,
  created_at timestamptz not null default public.app_now()
);

create table public.products (
  id                     uuid primary key default gen_random_uuid(),
  sku                    varchar(50) not null unique,
  name                   varchar(200) not null,
  description            text,
  short_description      text,
  category_id            uuid references public.product_categories (id),
  price                  numeric(14,2) not null check (price >= 0),
  cost                   numeric(14,2) check (cost >= 0),
  -- One currency per installation in this version.
  currency               varchar(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  -- PV of one unit; an order line captures quantity x pv when placed.
  pv                     numeric(14,2) not null default 0 check (pv >= 0),
  weight                 numeric(8,2),
  dimensions             jsonb,
  images                 text[] not null default '{}',
  is_subscription        boolean not null default false,
  subscription_frequency integer check (subscription_frequency > 0), -- days
  tax_code               varchar(20),
  shipping_class         varchar(50),
  inventory_tracked      boolean not null default true,
  stock_quantity         integer not null default 0,
  min_stock_level        integer not null default 0,
  status                 public.product_status not null default 'active',
  launch_date            date,
  discontinued_date      date,
  created_at             timestamptz not null default public.app_now(),
  updated_at             timestamptz not null default public.app_now(),
  check (discontinued_date >= launch_date)
);
create index idx_products_category on public.products (category_id);
create index idx_products_name_trgm on public.products using gin (name gin_trgm_ops);

-- Volume comes from paid_at / refunded_at (compensation-plan.md section 2);
-- the checks below make the payment columns agree with each other so those
-- two timestamps can be trusted.
create table public.orders (
  id                uuid primary key default gen_random_uuid(),
  order_number      varchar(30) not null unique,
  customer_id       uuid not null references public.customers (id),
  -- Who the order is credited to.
  distributor_id    uuid not null references public.distributors (user_id),
  order_type        public.order_type not null default 'retail',
  status            public.order_status not null default 'pending',
  subtotal          numeric(14,2) not null check (subtotal >= 0),
  discount_amount   numeric(14,2) not null default 0 check (discount_amount >= 0),
  discount_reason   text,
  tax_amount        numeric(14,2) not null default 0 check (tax_amount >= 0),
  shipping_amount   numeric(14,2) not null default 0 check (shipping_amount >= 0),
  total             numeric(14,2) not null check (total >= 0),
  currency          varchar(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  -- Sum of the items' pv; kept by a trigger in a later migration.
  total_pv          numeric(14,2) not null default 0 check (total_pv >= 0),
  payment_status    public.payment_status not null default 'pending',
  payment_method    varchar(50),
  payment_reference varchar(100),
  shipping_address  jsonb not null,
  billing_address   jsonb not null,
  shipping_method   varchar(50),
  tracking_number   varchar(100),
  paid_at           timestamptz,
  refunded_at       timestamptz,
  refund_reason     text,
  cancelled_at      timestamptz,
  shipped_at        timestamptz,
  delivered_at      timestamptz,
  notes             text,
  created_at        timestamptz not null default public.app_now(),
  updated_at        timestamptz not null default public.app_now(),

  constraint orders_discount_within_subtotal check (discount_amount <= subtotal),
  -- Whole-order refunds only in this version (sql-contract.md): a partial
  -- refund has no volume rule yet.
  constraint orders_no_partial_refund check (payment_status <> 'partially_refunded'),
  -- paid_at is set exactly when the money was received (and possibly returned).
  constraint orders_paid_at_iff_paid check (
    (paid_at is not null) = (payment_status in ('paid', 'refunded'))),
  constraint orders_refunded_at_iff_refunded check (
    (refunded_at is not null) = (payment_status = 'refunded')),
  constraint orders_refund_after_payment check (
    refunded_at is null or (paid_at is not null and refunded_at >= paid_at)),
  constraint orders_refunded_status check (
    (status = 'refunded') = (payment_status = 'refunded')),
  -- A paid order is confirmed, processing, shipped or delivered.
  constraint orders_paid_status check (
    payment_status <> 'paid' or status in ('confirmed', 'processing', 'shipped', 'delivered')),
  -- Cancelling is for unpaid orders; a paid order is refunded instead.
  constraint orders_cancelled_unpaid check (
    status <> 'cancelled' or payment_status in ('pending', 'failed')),
  constraint orders_cancelled_at_status check (
    cancelled_at is null or status = 'cancelled')
);
create index idx_orders_customer on public.orders (customer_id);
-- Also serves the seed's idx_orders_distributor (same leading column).
create index idx_orders_distributor_paid on public.orders (distributor_id, paid_at);
create index idx_orders_status on public.orders (status);
create index idx_orders_created_date on public.orders (created_at);
create index idx_orders_paid on public.orders (paid_at);
create index idx_orders_refunded on public.orders (refunded_at) where refunded_at is not null;

create table public.order_items (
  id          uuid primary key default gen_random_uuid(),
  order_id    uuid not null references public.orders (id) on delete cascade,
  product_id  uuid not null references public.products (id),
  quantity    integer not null check (quantity > 0),
  unit_price  numeric(14,2) not null check (unit_price >= 0),
  total_price numeric(14,2) not null check (total_price >= 0),
  pv          numeric(14,2) not null check (pv >= 0),
  created_at  timestamptz not null default public.app_now()
);
comment on column public.order_items.pv is
  'The line''s total PV (quantity included), captured when the order is placed.';
create index idx_order_items_order on public.order_items (order_id);
create index idx_order_items_product on public.order_items (product_id);


-- ---------------------------------------------------------------------------
-- Commissions
-- ---------------------------------------------------------------------------

-- A period is a calendar month in UTC; the dates must match the id.
create table public.commission_periods (
  id                       varchar(20) primary key
                           constraint commission_periods_id_format
                           check (id ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  name                     varchar(50) not null,
  start_date               date not null,
  end_date                 date not null,
  status                   public.period_status not null default 'open',
  -- Timing of the latest close run.
  calculation_started_at   timestamptz,
  calculation_completed_at timestamptz,
  closed_at                timestamptz,
  finalized_at             timestamptz,
  close_started_by         uuid references public.users (id) on delete set null,
  total_pv                 numeric(16,2) not null default 0,
  total_commissions        numeric(16,2) not null default 0,
  total_breakage           numeric(16,2) not null default 0,
  -- Progress of a running close, for other sessions to watch.
  progress_step            integer not null default 0 check (progress_step >= 0),
  progress_total           integer not null default 0 check (progress_total >= 0),
  progress_label           text,
  last_error               text,
  created_at               timestamptz not null default public.app_now(),
  -- case: make_date() must not see an id the format check is about to refuse.
  constraint commission_periods_dates_match_id check (
    case when id ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'
         then start_date = make_date(substr(id, 1, 4)::integer, substr(id, 6, 2)::integer, 1)
              and end_date = (start_date + interval '1 month')::date - 1
    end),
  constraint commission_periods_closed_at check (
    status not in ('closed', 'finalized') or closed_at is not null),
  constraint commission_periods_finalized_at check (
    status <> 'finalized' or finalized_at is not null)
);

-- Volume as a stream of events (compensation-plan.md section 2): +PV at
-- paid_at, -PV at refunded_at, each in the period of its own timestamp.
-- Filled by order triggers in a later migration; nothing writes it yet.
-- pv and retail_base are signed, so a period's volume is a plain sum.
create table public.volume_events (
  id             bigint generated always as identity primary key,
  -- An order may be deleted only while its events lie in open periods (the
  -- period guard, a later trigger, refuses the rest); its events go with it.
  order_id       uuid not null references public.orders (id) on delete cascade,
  distributor_id uuid not null references public.distributors (user_id),
  period_id      varchar(20) not null references public.commission_periods (id),
  occurred_at    timestamptz not null,
  kind           text not null check (kind in ('payment', 'refund')),
  pv             numeric(14,2) not null,
  retail_base    numeric(14,2) not null,
  -- The order's payment time, also on refund events: fast start judges a
  -- refund by when its order was paid.
  order_paid_at  timestamptz not null,
  created_at     timestamptz not null default public.app_now(),
  unique (order_id, kind),
  constraint volume_events_period_of_occurred_at check (
    period_id = to_char(occurred_at at time zone 'UTC', 'YYYY-MM')),
  constraint volume_events_after_payment check (occurred_at >= order_paid_at),
  constraint volume_events_payment_at_paid_at check (
    kind <> 'payment' or occurred_at = order_paid_at),
  constraint volume_events_sign check (
    case kind when 'payment' then pv >= 0 and retail_base >= 0
              else pv <= 0 and retail_base <= 0 end)
);
create index idx_volume_events_period_distributor on public.volume_events (period_id, distributor_id);
-- calculate_distributor_volumes(dist_id, from, to) reads by distributor and date.
create index idx_volume_events_distributor_occurred on public.volume_events (distributor_id, occurred_at);

-- Not partitioned: see README (Reconciliations).
create table public.commission_ledger (
  id                    uuid primary key default gen_random_uuid(),
  period_id             varchar(20) not null references public.commission_periods (id),
  -- Who is paid.
  distributor_id        uuid not null references public.distributors (user_id),
  type                  public.commission_type not null,
  amount                numeric(14,2) not null check (amount <> 0),
  currency              varchar(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  -- The base the rate applies to.
  pv                    numeric(14,2) default 0,
  gv                    numeric(14,2) default 0,
  source_order_id       uuid references public.orders (id),
  source_distributor_id uuid references public.distributors (user_id),
  level                 integer check (level >= 0),
  rate                  numeric(9,6) check (rate >= 0),
  description           text,
  metadata              jsonb,
  -- Rows entered by an admin; a re-close replaces computed rows and keeps these.
  is_manual             boolean not null default false,
  reason                text,
  created_by            uuid references public.users (id) on delete set null,
  created_at            timestamptz not null default public.app_now(),
  constraint commission_ledger_adjustment_manual check (type <> 'adjustment' or is_manual),
  constraint commission_ledger_manual_reason check (not is_manual or reason is not null)
);
create index idx_commission_ledger_period_dist on public.commission_ledger (period_id, distributor_id);
create index idx_commission_ledger_type on public.commission_ledger (type);
-- A distributor's statements across periods.
create index idx_commission_ledger_dist_period on public.commission_ledger (distributor_id, period_id);
create index idx_commission_ledger_source_dist on public.commission_ledger (source_distributor_id);
create index idx_commission_ledger_source_order on public.commission_ledger (source_order_id)
  where source_order_id is not null;

-- A close's per-distributor snapshot (compensation-plan.md section 4).
create table public.period_volumes (
  period_id       varchar(20) not null references public.commission_periods (id),
  distributor_id  uuid not null references public.distributors (user_id),
  personal_pv     numeric(16,2) not null,
  group_pv        numeric(16,2) not null,
  retail_base     numeric(14,2) not null default 0,
  -- Null: unqualified in this period.
  paid_as_rank_id varchar(50) references public.ranks (id),
  leg_count       integer not null default 0 check (leg_count >= 0),
  qualified_legs  integer not null default 0 check (qualified_legs >= 0),
  capped_gv       numeric(16,2),
  created_at      timestamptz not null default public.app_now(),
  primary key (period_id, distributor_id)
);
-- A distributor's history (rank bonus: highest earlier paid-as rank).
create index idx_period_volumes_distributor on public.period_volumes (distributor_id, period_id);

create table public.payouts (
  id               uuid primary key default gen_random_uuid(),
  distributor_id   uuid not null references public.distributors (user_id),
  period_id        varchar(20) references public.commission_periods (id),
  amount           numeric(14,2) not null check (amount > 0),
  currency         varchar(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  method           public.payout_method not null,
  status           public.payout_status not null default 'requested',
  bank_details     jsonb,
  reference_number varchar(100),
  fee_amount       numeric(14,2) not null default 0 check (fee_amount >= 0),
  net_amount       numeric(14,2),
  kyc_status       varchar(20) not null default 'pending',
  requested_at     timestamptz not null default public.app_now(),
  approved_at      timestamptz,
  processed_at     timestamptz,
  failed_reason    text,
  created_at       timestamptz not null default public.app_now(),
  check (net_amount = amount - fee_amount)
);
create index idx_payouts_distributor_status on public.payouts (distributor_id, status);
create index idx_payouts_period on public.payouts (period_id);


-- ---------------------------------------------------------------------------
-- Compliance and audit
-- ---------------------------------------------------------------------------

create table public.compliance_cases (
  id          uuid primary key default gen_random_uuid(),
  case_number varchar(30) not null unique,
  -- Polymorphic subject (a user, distributor, order, ...): no foreign key.
  subject_type varchar(50) not null,
  subject_id  uuid not null,
  reporter_id uuid references public.users (id) on delete set null,
  assignee_id uuid references public.users (id) on delete set null,
  severity    public.case_severity not null,
  status      public.case_status not null default 'open',
  category    varchar(50),
  title       varchar(200) not null,
  description text not null,
  evidence    jsonb not null default '[]' check (jsonb_typeof(evidence) = 'array'),
  resolution  text,
  resolved_at timestamptz,
  due_date    date,
  created_at  timestamptz not null default public.app_now(),
  updated_at  timestamptz not null default public.app_now()
);
create index idx_compliance_cases_status on public.compliance_cases (status);
create index idx_compliance_cases_assignee on public.compliance_cases (assignee_id);
create index idx_compliance_cases_subject on public.compliance_cases (subject_type, subject_id);

-- Append-only (a later migration adds the refusing trigger). No foreign key
-- on actor_id: the trail must outlive the user it names. entity_id is text
-- (the contract): ids here are uuids, period ids and bigints; null for a
-- bulk event, which records row_count instead. Not partitioned: see README.
create table public.audit_logs (
  id          bigint generated always as identity primary key,
  actor_id    uuid,
  entity_type varchar(50) not null,
  entity_id   text,
  action      varchar(50) not null,
  row_count   integer not null default 1 check (row_count >= 0),
  before_data jsonb,
  after_data  jsonb,
  ip_address  inet,
  user_agent  text,
  session_id  varchar(100),
  request_id  varchar(100),
  created_at  timestamptz not null default public.app_now()
);
create index idx_audit_logs_entity on public.audit_logs (entity_type, entity_id);
create index idx_audit_logs_actor on public.audit_logs (actor_id);
create index idx_audit_logs_created on public.audit_logs (created_at);


-- ---------------------------------------------------------------------------
-- updated_at triggers: every table with an updated_at column
-- ---------------------------------------------------------------------------

create trigger _100_set_updated_at before update on public.users
  for each row execute function public.tg__set_updated_at();
create trigger _100_set_updated_at before update on private.user_credentials
  for each row execute function public.tg__set_updated_at();
create trigger _100_set_updated_at before update on public.user_profiles
  for each row execute function public.tg__set_updated_at();
create trigger _100_set_updated_at before update on public.ranks
  for each row execute function public.tg__set_updated_at();
create trigger _100_set_updated_at before update on public.plan_settings
  for each row execute function public.tg__set_updated_at();
create trigger _100_set_updated_at before update on public.distributors
  for each row execute function public.tg__set_updated_at();
create trigger _100_set_updated_at before update on public.customers
  for each row execute function public.tg__set_updated_at();
create trigger _100_set_updated_at before update on public.contacts
  for each row execute function public.tg__set_updated_at();
create trigger _100_set_updated_at before update on public.tasks
  for each row execute function public.tg__set_updated_at();
create trigger _100_set_updated_at before update on public.products
  for each row execute function public.tg__set_updated_at();
create trigger _100_set_updated_at before update on public.orders
  for each row execute function public.tg__set_updated_at();
create trigger _100_set_updated_at before update on public.compliance_cases
  for each row execute function public.tg__set_updated_at();


-- ---------------------------------------------------------------------------
-- huey's queue (PostgresStorage, table_prefix 'huey'), created here so the
-- web and worker role needs no CREATE privilege: run huey with
-- create_tables=False and huey in its search_path. double precision is the
-- queue's own timestamp and priority, not money.
-- ---------------------------------------------------------------------------

create table huey.huey_kv (
  queue text not null,
  key   text not null,
  value bytea not null,
  primary key (queue, key)
);
create table huey.huey_schedule (
  id        bigserial primary key,
  queue     text not null,
  data      bytea not null,
  timestamp double precision not null
);
create index huey_schedule_queue_timestamp on huey.huey_schedule (queue, timestamp);
create table huey.huey_task (
  id       bigserial primary key,
  queue    text not null,
  data     bytea not null,
  priority double precision not null default 0.0
);
create index huey_task_queue_priority_id on huey.huey_task (queue, priority desc, id);
create table huey.huey_counter (
  queue text not null,
  key   text not null,
  value bigint not null default 0,
  primary key (queue, key)
);

grant usage on schema huey to mlm_web;
grant select, insert, update, delete
  on huey.huey_kv, huey.huey_schedule, huey.huey_task, huey.huey_counter to mlm_web;
grant usage on sequence huey.huey_schedule_id_seq, huey.huey_task_id_seq to mlm_web;


-- ---------------------------------------------------------------------------
-- Seed data
-- ---------------------------------------------------------------------------

-- The system user scheduled jobs act as. No credentials row: it cannot sign in.
insert into public.users (id, email, role, status, is_system)
values ('00000000-0000-0000-0000-000000000001', 'system@mlmcrm.invalid', 'admin', 'active', true);

-- Plan v1 (compensation-plan.md section 5).
insert into public.ranks
  (id, name, level, min_personal_pv, min_group_pv, min_legs, min_leg_volume,
   max_leg_share, commission_rate, unilevel_depth, matching_rates, rank_bonus, car_bonus)
values
  ('bronze',   'Bronze',   1,  100,     0, 0,    0, null, 0.05, 2, '{}',               0,   0),
  ('silver',   'Silver',   2,  200,  1000, 0,    0, null, 0.07, 3, '{}',             100,   0),
  ('gold',     'Gold',     3,  300,  2500, 2,  500, 0.60, 0.10, 4, '{0.10}',         250,   0),
  ('platinum', 'Platinum', 4,  500,  5000, 3, 1000, 0.50, 0.12, 5, '{0.10,0.05}',    500, 300),
  ('diamond',  'Diamond',  5, 1000, 10000, 4, 2000, 0.40, 0.15, 7, '{0.10,0.05,0.05}', 1000, 600);

insert into public.plan_settings (key, value, description) values
  ('retail_rate', '0.20',
   'Rate on a distributor''s retail base (retail orders'' subtotal).'),
  ('unilevel_rates', '[0.05, 0.05, 0.04, 0.04, 0.03, 0.03, 0.02]',
   'Unilevel rate by compressed level 1..L; L is the array''s length.'),
  ('fast_start_rate', '0.25',
   'Rate paid to the sponsor on a new distributor''s early PV.'),
  ('fast_start_days', '30',
   'Orders paid fewer than this many days after join_date count for fast start.');
