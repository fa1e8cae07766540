-- Roles, grants and row-level security: the role matrix of sql-contract.md.
--
-- How it fits together:
-- - Every request or job runs as mlm_app with app.user_id set for the
--   transaction. mlm_app gets, per table, only the privileges some role of
--   the matrix needs; the policies below then decide by users.role of the
--   ACTIVE user app.user_id (auth.user_role()). No app.user_id, an unknown or
--   a non-active user: no policy passes, so no rows.
-- - RLS is enabled AND forced on every table of schema public (plan and
--   catalogue tables too, so an anonymous transaction sees nothing at all)
--   and on private.user_credentials (mlm_app has no access to schema private
--   anyway; only definer functions touch it).
-- - mlm_definer (NOLOGIN, BYPASSRLS) gets every privilege on the tables and
--   sequences of public and private: it is what security definer functions
--   run as. It owns no table.
-- - Policies are `to mlm_app`, one per (table, command, audience), named
--   <table>__<command>_<audience>. Helpers are called as `(select auth.x())`
--   so they run once per statement (an initplan), not once per row; only
--   auth.in_downline(column) runs per row.
-- - audit_logs: select for auditor and admin, and no insert/update/delete
--   grant to mlm_app at all (audit rows are written by a definer trigger).
-- - A user's role, status and other account fields change only by an admin
--   (trigger _050_guard_admin_fields on users); KYC status likewise
--   (_050_guard_admin_fields on user_profiles).
--
-- The auth.* functions and the two guard trigger functions are defined here
-- because the policies and triggers need them now; from the next upgrade on,
-- sql/functions/auth/*.sql and sql/functions/public/tg_*__guard_admin_fields.sql
-- own them (identical bodies).


-- ---------------------------------------------------------------------------
-- Policy helpers (schema auth)
-- ---------------------------------------------------------------------------

-- The user this transaction acts for (null: nobody). An ended
-- transaction-local setting reads '' rather than null, hence nullif.
create or replace function auth.user_id() returns uuid
language sql stable parallel safe
set search_path = ''
as $$
  select nullif(pg_catalog.current_setting('app.user_id', true), '')::uuid
$$;
revoke all on function auth.user_id() from public;
grant execute on function auth.user_id() to mlm_app, mlm_definer;

-- The role of the acting user, or null when there is none or the user is not
-- 'active' (suspended, inactive and pending users see nothing). Definer: it
-- must read users whatever the users policies say (they call it).
create or replace function auth.user_role() returns public.user_role
language sql stable parallel safe security definer
set search_path = ''
as $$
  select u.role
    from public.users u
   where u.id = auth.user_id()
     and u.status = 'active'
$$;
alter function auth.user_role() owner to mlm_definer;
revoke all on function auth.user_role() from public;
grant execute on function auth.user_role() to mlm_app;

-- Whether the acting (active) user has one of these roles.
create or replace function auth.has_role(variadic p_roles public.user_role[]) returns boolean
language sql stable parallel safe
set search_path = ''
as $$
  select coalesce(auth.user_role() = any (p_roles), false)
$$;
revoke all on function auth.has_role(public.user_role[]) from public;
grant execute on function auth.has_role(public.user_role[]) to mlm_app, mlm_definer;

create or replace function auth.is_admin() returns boolean
language sql stable parallel safe
set search_path = ''
as $$
  select auth.has_role('admin')
$$;
revoke all on function auth.is_admin() from public;
grant execute on function auth.is_admin() to mlm_app, mlm_definer;

-- Everyone who works for the company: every role but distributor.
create or replace function auth.is_staff() returns boolean
language sql stable parallel safe
set search_path = ''
as $$
  select auth.has_role('admin', 'manager', 'support', 'finance', 'auditor')
$$;
revoke all on function auth.is_staff() from public;
grant execute on function auth.is_staff() to mlm_app, mlm_definer;

-- Whether p_distributor is in the acting user's sponsor downline (not the
-- user itself: genealogy_paths has no self rows). Definer, so the answer
-- does not depend on the genealogy_paths policies (which call it).
create or replace function auth.in_downline(p_distributor uuid) returns boolean
language sql stable parallel safe security definer
set search_path = ''
as $$
  select exists (
    select from public.genealogy_paths g
     where g.ancestor_id = auth.user_id()
       and g.descendant_id = p_distributor
       and g.path_type = 'sponsor')
$$;
alter function auth.in_downline(uuid) owner to mlm_definer;
revoke all on function auth.in_downline(uuid) from public;
grant execute on function auth.in_downline(uuid) to mlm_app;

-- The acting user's sponsor (null: none, or not a distributor). Definer, so
-- the distributors policy that shows a distributor its sponsor can call it.
create or replace function auth.sponsor_id() returns uuid
language sql stable parallel safe security definer
set search_path = ''
as $$
  select d.sponsor_id from public.distributors d where d.user_id = auth.user_id()
$$;
alter function auth.sponsor_id() owner to mlm_definer;
revoke all on function auth.sponsor_id() from public;
grant execute on function auth.sponsor_id() to mlm_app;


-- ---------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------

-- mlm_definer: what security definer functions run as; it crosses RLS by
-- BYPASSRLS and needs the privileges themselves. Tables created later by the
-- migrating role get the same (default privileges).
grant all on all tables in schema public, private to mlm_definer;
grant all on all sequences in schema public, private to mlm_definer;
alter default privileges in schema public, private grant all on tables to mlm_definer;
alter default privileges in schema public, private grant all on sequences to mlm_definer;

-- mlm_app: per table, only what some role of the matrix needs (the policies
-- narrow it by role). Never TRUNCATE, which RLS does not filter. No sequence
-- privileges: mlm_app inserts only into tables keyed by uuids.
grant select, insert, update, delete on
  public.users, public.user_profiles,
  public.distributors,
  public.customers, public.contacts, public.activities, public.tasks,
  public.orders, public.order_items,
  public.commission_periods, public.commission_ledger, public.payouts,
  public.ranks, public.plan_settings, public.products, public.product_categories,
  public.territories,
  public.compliance_cases
  to mlm_app;
-- Derived tables, written only by definer triggers and the close.
grant select on public.genealogy_paths, public.period_volumes, public.volume_events to mlm_app;
-- Append-only audit trail, written by a definer trigger.
grant select on public.audit_logs to mlm_app;


-- ---------------------------------------------------------------------------
-- Row-level security: enabled and forced everywhere
-- ---------------------------------------------------------------------------

alter table public.users              enable row level security, force row level security;
alter table public.user_profiles      enable row level security, force row level security;
alter table public.territories        enable row level security, force row level security;
alter table public.ranks              enable row level security, force row level security;
alter table public.plan_settings      enable row level security, force row level security;
alter table public.distributors       enable row level security, force row level security;
alter table public.genealogy_paths    enable row level security, force row level security;
alter table public.customers          enable row level security, force row level security;
alter table public.contacts           enable row level security, force row level security;
alter table public.activities         enable row level security, force row level security;
alter table public.tasks              enable row level security, force row level security;
alter table public.product_categories enable row level security, force row level security;
alter table public.products           enable row level security, force row level security;
alter table public.orders             enable row level security, force row level security;
alter table public.order_items        enable row level security, force row level security;
alter table public.commission_periods enable row level security, force row level security;
alter table public.volume_events      enable row level security, force row level security;
alter table public.commission_ledger  enable row level security, force row level security;
alter table public.period_volumes     enable row level security, force row level security;
alter table public.payouts            enable row level security, force row level security;
alter table public.compliance_cases   enable row level security, force row level security;
alter table public.audit_logs         enable row level security, force row level security;
-- No policies: only definer functions (BYPASSRLS) read or write secrets.
alter table private.user_credentials  enable row level security, force row level security;


-- ---------------------------------------------------------------------------
-- users and user_profiles: own row for every role; other people's rows are
-- read by staff and written by admins; distributors read other people's
-- names through api.distributor_people().
-- ---------------------------------------------------------------------------

create policy users__select_self on public.users for select to mlm_app
  using (id = (select auth.user_id()) and (select auth.user_role()) is not null);
-- Which columns: tg_users__guard_admin_fields (first_name, last_name, phone,
-- locale, timezone for a non-admin).
create policy users__update_self on public.users for update to mlm_app
  using (id = (select auth.user_id()) and (select auth.user_role()) is not null)
  with check (id = (select auth.user_id()));
create policy users__select_staff on public.users for select to mlm_app
  using ((select auth.is_staff()));
create policy users__all_admin on public.users for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

create policy user_profiles__select_self on public.user_profiles for select to mlm_app
  using (user_id = (select auth.user_id()) and (select auth.user_role()) is not null);
create policy user_profiles__insert_self on public.user_profiles for insert to mlm_app
  with check (user_id = (select auth.user_id()) and (select auth.user_role()) is not null);
create policy user_profiles__update_self on public.user_profiles for update to mlm_app
  using (user_id = (select auth.user_id()) and (select auth.user_role()) is not null)
  with check (user_id = (select auth.user_id()));
create policy user_profiles__select_staff on public.user_profiles for select to mlm_app
  using ((select auth.is_staff()));
create policy user_profiles__all_admin on public.user_profiles for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));


-- ---------------------------------------------------------------------------
-- The tree: a distributor sees itself, its sponsor and its downline; staff
-- read; only admins write distributors (sponsor, status, rank...).
--
-- "In the caller's downline" is auth.in_downline(x) where the policy is on
-- genealogy_paths itself (a policy cannot query its own table). Elsewhere it
-- is the same test written as EXISTS on genealogy_paths (whose own policy
-- passes at once on ancestor_id = the caller): the planner can then hash the
-- caller's downline once for a scan (measured at 100k distributors: 0.06 s
-- instead of 0.6 s for a whole period's volumes) and still probe the index
-- for a single row.
-- ---------------------------------------------------------------------------

create policy distributors__select_distributor on public.distributors for select to mlm_app
  using ((select auth.has_role('distributor'))
         and (user_id = (select auth.user_id())
              or user_id = (select auth.sponsor_id())
              or exists (select from public.genealogy_paths g
                          where g.ancestor_id = (select auth.user_id())
                            and g.descendant_id = distributors.user_id and g.path_type = 'sponsor')));
create policy distributors__select_staff on public.distributors for select to mlm_app
  using ((select auth.is_staff()));
create policy distributors__all_admin on public.distributors for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

create policy genealogy_paths__select_distributor on public.genealogy_paths for select to mlm_app
  using ((select auth.has_role('distributor'))
         and (ancestor_id = (select auth.user_id()) or auth.in_downline(ancestor_id)));
create policy genealogy_paths__select_staff on public.genealogy_paths for select to mlm_app
  using ((select auth.is_staff()));

create policy period_volumes__select_distributor on public.period_volumes for select to mlm_app
  using ((select auth.has_role('distributor'))
         and (distributor_id = (select auth.user_id())
              or exists (select from public.genealogy_paths g
                          where g.ancestor_id = (select auth.user_id())
                            and g.descendant_id = period_volumes.distributor_id and g.path_type = 'sponsor')));
create policy period_volumes__select_staff on public.period_volumes for select to mlm_app
  using ((select auth.is_staff()));

create policy volume_events__select_distributor on public.volume_events for select to mlm_app
  using ((select auth.has_role('distributor'))
         and (distributor_id = (select auth.user_id())
              or exists (select from public.genealogy_paths g
                          where g.ancestor_id = (select auth.user_id())
                            and g.descendant_id = volume_events.distributor_id and g.path_type = 'sponsor')));
create policy volume_events__select_staff on public.volume_events for select to mlm_app
  using ((select auth.is_staff()));


-- ---------------------------------------------------------------------------
-- CRM: a distributor works its own contacts, tasks and activities; managers
-- read, write and assign all; auditors read; support and finance nothing.
-- ---------------------------------------------------------------------------

create policy contacts__select_distributor on public.contacts for select to mlm_app
  using ((select auth.has_role('distributor')) and owner_id = (select auth.user_id()));
create policy contacts__insert_distributor on public.contacts for insert to mlm_app
  with check ((select auth.has_role('distributor')) and owner_id = (select auth.user_id()));
create policy contacts__update_distributor on public.contacts for update to mlm_app
  using ((select auth.has_role('distributor')) and owner_id = (select auth.user_id()))
  with check ((select auth.has_role('distributor')) and owner_id = (select auth.user_id()));
create policy contacts__delete_distributor on public.contacts for delete to mlm_app
  using ((select auth.has_role('distributor')) and owner_id = (select auth.user_id()));
create policy contacts__all_manager on public.contacts for all to mlm_app
  using ((select auth.has_role('manager'))) with check ((select auth.has_role('manager')));
create policy contacts__select_auditor on public.contacts for select to mlm_app
  using ((select auth.has_role('auditor')));
create policy contacts__all_admin on public.contacts for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

-- Own tasks: assigned to or created by the user. A distributor creates tasks
-- for itself only and cannot hand one to someone else (assigning is a
-- manager's); it may edit or delete a task a manager assigned to it.
create policy tasks__select_distributor on public.tasks for select to mlm_app
  using ((select auth.has_role('distributor'))
         and (assignee_id = (select auth.user_id()) or created_by_id = (select auth.user_id())));
create policy tasks__insert_distributor on public.tasks for insert to mlm_app
  with check ((select auth.has_role('distributor'))
              and assignee_id = (select auth.user_id()) and created_by_id = (select auth.user_id()));
create policy tasks__update_distributor on public.tasks for update to mlm_app
  using ((select auth.has_role('distributor'))
         and (assignee_id = (select auth.user_id()) or created_by_id = (select auth.user_id())))
  with check ((select auth.has_role('distributor')) and assignee_id = (select auth.user_id()));
create policy tasks__delete_distributor on public.tasks for delete to mlm_app
  using ((select auth.has_role('distributor'))
         and (assignee_id = (select auth.user_id()) or created_by_id = (select auth.user_id())));
create policy tasks__all_manager on public.tasks for all to mlm_app
  using ((select auth.has_role('manager'))) with check ((select auth.has_role('manager')));
create policy tasks__select_auditor on public.tasks for select to mlm_app
  using ((select auth.has_role('auditor')));
create policy tasks__all_admin on public.tasks for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

-- Own activities: those on the user's own contacts (whoever logged them).
create policy activities__select_distributor on public.activities for select to mlm_app
  using ((select auth.has_role('distributor'))
         and exists (select from public.contacts c
                      where c.id = activities.contact_id and c.owner_id = (select auth.user_id())));
create policy activities__insert_distributor on public.activities for insert to mlm_app
  with check ((select auth.has_role('distributor'))
              and owner_id = (select auth.user_id())
              and exists (select from public.contacts c
                           where c.id = activities.contact_id and c.owner_id = (select auth.user_id())));
create policy activities__update_distributor on public.activities for update to mlm_app
  using ((select auth.has_role('distributor'))
         and exists (select from public.contacts c
                      where c.id = activities.contact_id and c.owner_id = (select auth.user_id())))
  with check ((select auth.has_role('distributor'))
              and exists (select from public.contacts c
                           where c.id = activities.contact_id and c.owner_id = (select auth.user_id())));
create policy activities__delete_distributor on public.activities for delete to mlm_app
  using ((select auth.has_role('distributor'))
         and exists (select from public.contacts c
                      where c.id = activities.contact_id and c.owner_id = (select auth.user_id())));
create policy activities__all_manager on public.activities for all to mlm_app
  using ((select auth.has_role('manager'))) with check ((select auth.has_role('manager')));
create policy activities__select_auditor on public.activities for select to mlm_app
  using ((select auth.has_role('auditor')));
create policy activities__all_admin on public.activities for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));


-- ---------------------------------------------------------------------------
-- Customers and orders
-- ---------------------------------------------------------------------------

-- A distributor reads, creates and edits its own customers, never deletes.
create policy customers__select_distributor on public.customers for select to mlm_app
  using ((select auth.has_role('distributor')) and distributor_id = (select auth.user_id()));
create policy customers__insert_distributor on public.customers for insert to mlm_app
  with check ((select auth.has_role('distributor')) and distributor_id = (select auth.user_id()));
create policy customers__update_distributor on public.customers for update to mlm_app
  using ((select auth.has_role('distributor')) and distributor_id = (select auth.user_id()))
  with check ((select auth.has_role('distributor')) and distributor_id = (select auth.user_id()));
create policy customers__select_staff on public.customers for select to mlm_app
  using ((select auth.is_staff()));
create policy customers__update_support on public.customers for update to mlm_app
  using ((select auth.has_role('support'))) with check ((select auth.has_role('support')));
create policy customers__all_admin on public.customers for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

-- Own orders: credited to the user, or placed for one of its customers (the
-- customers policies show a distributor only its own). A distributor creates
-- unpaid orders credited to itself for its own customers, and may change one
-- (cancel it) only while it is unpaid; payment, shipping and refunds are
-- support's and finance's.
create policy orders__select_distributor on public.orders for select to mlm_app
  using ((select auth.has_role('distributor'))
         and (distributor_id = (select auth.user_id())
              or exists (select from public.customers c
                          where c.id = orders.customer_id and c.distributor_id = (select auth.user_id()))));
create policy orders__insert_distributor on public.orders for insert to mlm_app
  with check ((select auth.has_role('distributor'))
              and distributor_id = (select auth.user_id())
              and exists (select from public.customers c
                           where c.id = orders.customer_id and c.distributor_id = (select auth.user_id()))
              and status = 'pending' and payment_status = 'pending');
create policy orders__update_distributor on public.orders for update to mlm_app
  using ((select auth.has_role('distributor'))
         and payment_status = 'pending'
         and (distributor_id = (select auth.user_id())
              or exists (select from public.customers c
                          where c.id = orders.customer_id and c.distributor_id = (select auth.user_id()))))
  with check ((select auth.has_role('distributor'))
              and payment_status = 'pending' and status in ('pending', 'cancelled')
              and (distributor_id = (select auth.user_id())
                   or exists (select from public.customers c
                               where c.id = orders.customer_id and c.distributor_id = (select auth.user_id()))));
create policy orders__select_staff on public.orders for select to mlm_app
  using ((select auth.is_staff()));
-- Record payment, ship, refund.
create policy orders__update_support on public.orders for update to mlm_app
  using ((select auth.has_role('support'))) with check ((select auth.has_role('support')));
-- Record payment.
create policy orders__update_finance on public.orders for update to mlm_app
  using ((select auth.has_role('finance'))) with check ((select auth.has_role('finance')));
create policy orders__all_admin on public.orders for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

-- Items follow their order: the orders policies limit `o` to what the caller
-- may see (for a distributor: its own orders); a distributor edits the lines
-- of its own unpaid orders only.
create policy order_items__select_distributor on public.order_items for select to mlm_app
  using ((select auth.has_role('distributor'))
         and exists (select from public.orders o where o.id = order_items.order_id));
create policy order_items__insert_distributor on public.order_items for insert to mlm_app
  with check ((select auth.has_role('distributor'))
              and exists (select from public.orders o
                           where o.id = order_items.order_id and o.payment_status = 'pending'));
create policy order_items__update_distributor on public.order_items for update to mlm_app
  using ((select auth.has_role('distributor'))
         and exists (select from public.orders o
                      where o.id = order_items.order_id and o.payment_status = 'pending'))
  with check ((select auth.has_role('distributor'))
              and exists (select from public.orders o
                           where o.id = order_items.order_id and o.payment_status = 'pending'));
create policy order_items__delete_distributor on public.order_items for delete to mlm_app
  using ((select auth.has_role('distributor'))
         and exists (select from public.orders o
                      where o.id = order_items.order_id and o.payment_status = 'pending'));
create policy order_items__select_staff on public.order_items for select to mlm_app
  using ((select auth.is_staff()));
create policy order_items__all_admin on public.order_items for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));


-- ---------------------------------------------------------------------------
-- Commissions
-- ---------------------------------------------------------------------------

create policy commission_periods__select_signed_in on public.commission_periods for select to mlm_app
  using ((select auth.user_role()) is not null);
-- Close and finalize (the period functions do the work).
create policy commission_periods__update_finance on public.commission_periods for update to mlm_app
  using ((select auth.has_role('finance'))) with check ((select auth.has_role('finance')));
create policy commission_periods__all_admin on public.commission_periods for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

create policy commission_ledger__select_distributor on public.commission_ledger for select to mlm_app
  using ((select auth.has_role('distributor')) and distributor_id = (select auth.user_id()));
create policy commission_ledger__select_manager_finance_auditor on public.commission_ledger
  for select to mlm_app
  using ((select auth.has_role('manager', 'finance', 'auditor')));
-- Finance enters, corrects and removes manual adjustments, while their
-- period is open or closed (not calculating, not finalized).
create policy commission_ledger__insert_finance on public.commission_ledger for insert to mlm_app
  with check ((select auth.has_role('finance'))
              and type = 'adjustment'
              and exists (select from public.commission_periods p
                           where p.id = commission_ledger.period_id and p.status in ('open', 'closed')));
create policy commission_ledger__update_finance on public.commission_ledger for update to mlm_app
  using ((select auth.has_role('finance'))
         and type = 'adjustment'
         and exists (select from public.commission_periods p
                      where p.id = commission_ledger.period_id and p.status in ('open', 'closed')))
  with check ((select auth.has_role('finance'))
              and type = 'adjustment'
              and exists (select from public.commission_periods p
                           where p.id = commission_ledger.period_id and p.status in ('open', 'closed')));
create policy commission_ledger__delete_finance on public.commission_ledger for delete to mlm_app
  using ((select auth.has_role('finance'))
         and type = 'adjustment'
         and exists (select from public.commission_periods p
                      where p.id = commission_ledger.period_id and p.status in ('open', 'closed')));
create policy commission_ledger__all_admin on public.commission_ledger for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

-- A distributor reads its payouts and requests new ones; finance approves
-- and processes them.
create policy payouts__select_distributor on public.payouts for select to mlm_app
  using ((select auth.has_role('distributor')) and distributor_id = (select auth.user_id()));
create policy payouts__insert_distributor on public.payouts for insert to mlm_app
  with check ((select auth.has_role('distributor'))
              and distributor_id = (select auth.user_id())
              and status = 'requested' and approved_at is null and processed_at is null);
create policy payouts__select_finance_auditor on public.payouts for select to mlm_app
  using ((select auth.has_role('finance', 'auditor')));
create policy payouts__update_finance on public.payouts for update to mlm_app
  using ((select auth.has_role('finance'))) with check ((select auth.has_role('finance')));
create policy payouts__all_admin on public.payouts for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));


-- ---------------------------------------------------------------------------
-- Plan and catalogue: every signed-in role reads, admins write
-- ---------------------------------------------------------------------------

create policy ranks__select_signed_in on public.ranks for select to mlm_app
  using ((select auth.user_role()) is not null);
create policy ranks__all_admin on public.ranks for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

create policy plan_settings__select_signed_in on public.plan_settings for select to mlm_app
  using ((select auth.user_role()) is not null);
create policy plan_settings__all_admin on public.plan_settings for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

create policy products__select_signed_in on public.products for select to mlm_app
  using ((select auth.user_role()) is not null);
create policy products__all_admin on public.products for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

create policy product_categories__select_signed_in on public.product_categories for select to mlm_app
  using ((select auth.user_role()) is not null);
create policy product_categories__all_admin on public.product_categories for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

create policy territories__select_signed_in on public.territories for select to mlm_app
  using ((select auth.user_role()) is not null);
create policy territories__all_admin on public.territories for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));


-- ---------------------------------------------------------------------------
-- Compliance and audit
-- ---------------------------------------------------------------------------

-- Managers and support read and write cases (no delete); finance and
-- auditors read; admins all; distributors nothing.
create policy compliance_cases__select_staff on public.compliance_cases for select to mlm_app
  using ((select auth.is_staff()));
create policy compliance_cases__insert_manager_support on public.compliance_cases
  for insert to mlm_app
  with check ((select auth.has_role('manager', 'support')));
create policy compliance_cases__update_manager_support on public.compliance_cases
  for update to mlm_app
  using ((select auth.has_role('manager', 'support')))
  with check ((select auth.has_role('manager', 'support')));
create policy compliance_cases__all_admin on public.compliance_cases for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

-- Read only, and only for auditors and admins (no write grant exists).
create policy audit_logs__select_auditor_admin on public.audit_logs for select to mlm_app
  using ((select auth.has_role('auditor', 'admin')));


-- The guard triggers that keep role, status and other admin fields out of a
-- non-admin's reach live with their functions in sql/functions/public/
-- (tg_users__guard_admin_fields.sql, tg_user_profiles__guard_admin_fields.sql),
-- applied right after the migrations.
