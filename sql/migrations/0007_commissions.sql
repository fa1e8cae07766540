-- Commissions (issue 6): plan v1 closes, estimates, statements.
--
-- The engine is in sql/functions/private/period_compute.sql (one computation
-- for the close and the estimate), the close in period_close.sql, the
-- finalize in period_finalize.sql; the contract's close_period() and
-- finalize_period() are thin public wrappers. This file holds what runs
-- once: columns, tables, grants, policies, indexes and plan settings. The
-- guard triggers live with their functions (sql/functions/public/tg_*).


-- ---------------------------------------------------------------------------
-- Periods: a close's figures, and who may change a period row
-- ---------------------------------------------------------------------------

-- Status, totals, timing and progress change only through close_period()
-- and finalize_period() (security definer, owned by mlm_definer). The app
-- role keeps what the matrix lets finance and admins do by hand: name a
-- period (update) and, for admins, create or delete one (insert, delete);
-- the policies still decide which of them may. A DBA connected as the
-- owner is not the app and keeps every privilege.
revoke insert, update on public.commission_periods from mlm_app;
grant insert (id, name, start_date, end_date) on public.commission_periods to mlm_app;
grant update (name) on public.commission_periods to mlm_app;


-- ---------------------------------------------------------------------------
-- Ledger: indexes for how it is read and written
-- ---------------------------------------------------------------------------

-- A type alone selects an eighth of a table of millions: nothing reads by
-- it, and every row of a close paid for it (one index insert in six).
drop index public.idx_commission_ledger_type;
-- Whole-period reads (a re-close's comparison, the export, the summary) find
-- a period's rows by a BRIN index: a close writes them together, so they sit
-- in a few block ranges. One distributor's rows of a period come from
-- (distributor_id, period_id). The btree (period_id, distributor_id) cost a
-- third of the index work of every ledger row (measured: 1.4 s of 5.8 s for
-- 403,803 rows) for lookups the other two indexes serve.
drop index public.idx_commission_ledger_period_dist;
create index idx_commission_ledger_period_brin on public.commission_ledger using brin (period_id);
-- Manual adjustments of a period (kept by a re-close, listed on its page).
create index idx_commission_ledger_period_manual on public.commission_ledger (period_id)
  where is_manual;
-- Who entered an adjustment (a user's deletion clears it: tg_users__commission_refs).
create index idx_commission_ledger_created_by on public.commission_ledger (created_by)
  where created_by is not null;

-- Foreign keys checked per statement, not per row. A close writes millions
-- of ledger rows and a million period_volumes rows; declarative keys check
-- each row with a query of its own (one per key column, nulls included),
-- which cost more than the inserts themselves (measured on 37,337 ledger
-- rows: 1.4 s of 2.5 s). The same keys, with the same guarantees, are now
-- checked once per statement by the tables' guard triggers
-- (private.fk_require: the keys exist and are locked FOR KEY SHARE until
-- commit, as a declarative key locks them) and refused on the referenced
-- side (private.fk_refuse_referenced, from tg_*__commission_refs: no
-- delete or re-key of a row still in use; a deleted user's adjustments
-- lose created_by, as ON DELETE SET NULL did). Same constraint names in
-- the messages, same SQLSTATE (23503).
alter table public.commission_ledger
  drop constraint commission_ledger_period_id_fkey,
  drop constraint commission_ledger_distributor_id_fkey,
  drop constraint commission_ledger_source_distributor_id_fkey,
  drop constraint commission_ledger_source_order_id_fkey,
  drop constraint commission_ledger_created_by_fkey;
alter table public.period_volumes
  drop constraint period_volumes_period_id_fkey,
  drop constraint period_volumes_distributor_id_fkey,
  drop constraint period_volumes_paid_as_rank_id_fkey;
-- period_volumes.paid_as_rank_id: a rank in use cannot be deleted (this index
-- keeps that check from reading every period's volumes).
create index idx_period_volumes_rank on public.period_volumes (paid_as_rank_id)
  where paid_as_rank_id is not null;


-- ---------------------------------------------------------------------------
-- "If the period closed now": estimates for the open period
-- ---------------------------------------------------------------------------

-- One row per distributor with group volume or estimated earnings in an
-- open period (others: nothing yet), refreshed by a job from the same
-- engine as the close (private.period_estimate). Written only by that
-- definer function; read like period_volumes (self and downline; staff).
-- A cache the refresh rewrites: no foreign keys (a refresh writes up to a
-- million rows; readers join what still exists); its rows go when the
-- period is closed.
create table public.period_estimates (
  period_id           varchar(20) not null,
  distributor_id      uuid not null,
  personal_pv         numeric(16,2) not null,
  group_pv            numeric(16,2) not null,
  retail_base         numeric(16,2) not null default 0,
  paid_as_rank_id     varchar(50),
  leg_count           integer not null default 0,
  -- The next rank up (the lowest rank when unqualified; null at the top)
  -- and where the distributor stands against it.
  next_rank_id        varchar(50),
  next_capped_gv      numeric(16,2),
  next_qualified_legs integer,
  retail              numeric(14,2) not null default 0,
  unilevel            numeric(14,2) not null default 0,
  leadership          numeric(14,2) not null default 0,
  matching            numeric(14,2) not null default 0,
  fast_start          numeric(14,2) not null default 0,
  rank_bonus          numeric(14,2) not null default 0,
  car_bonus           numeric(14,2) not null default 0,
  total               numeric(14,2) not null default 0,
  primary key (period_id, distributor_id)
);
create index idx_period_estimates_distributor on public.period_estimates (distributor_id);
alter table public.period_estimates enable row level security, force row level security;
grant select on public.period_estimates to mlm_app;
create policy period_estimates__select_distributor on public.period_estimates for select to mlm_app
  using ((select auth.has_role('distributor'))
         and (distributor_id = (select auth.user_id())
              or exists (select from public.genealogy_paths g
                          where g.ancestor_id = (select auth.user_id())
                            and g.descendant_id = period_estimates.distributor_id and g.path_type = 'sponsor')));
create policy period_estimates__select_staff on public.period_estimates for select to mlm_app
  using ((select auth.is_staff()));

-- When each period's estimates were last computed, and how long it took.
create table private.period_estimate_runs (
  period_id    varchar(20) primary key references public.commission_periods (id) on delete cascade,
  computed_at  timestamptz not null,
  seconds      numeric(10,3) not null,
  distributors integer not null,
  rows_changed integer not null
);
alter table private.period_estimate_runs enable row level security, force row level security;


-- ---------------------------------------------------------------------------
-- Close runs: the job's progress, visible while the close's own
-- transaction is still open
-- ---------------------------------------------------------------------------

-- A close started from the app is a row here: queued by the request,
-- running while the job relays the close's progress notices (over a second
-- connection, so other sessions see them), then succeeded or failed. Not
-- audited row by row: the close itself is audited (one event per
-- statement it writes, plus one 'close' event with its figures).
create table private.period_close_runs (
  id           bigint generated always as identity primary key,
  period_id    varchar(20) not null references public.commission_periods (id) on delete cascade,
  requested_by uuid references public.users (id) on delete set null,
  requested_at timestamptz not null default public.app_now(),
  started_at   timestamptz,
  finished_at  timestamptz,
  state        text not null default 'queued'
               check (state in ('queued', 'running', 'succeeded', 'failed')),
  step         integer not null default 0 check (step >= 0),
  total        integer not null default 0 check (total >= 0),
  label        text,
  error        text,
  result       jsonb,
  check ((state in ('succeeded', 'failed')) = (finished_at is not null))
);
create index idx_period_close_runs_period on private.period_close_runs (period_id, id desc);
alter table private.period_close_runs enable row level security, force row level security;


-- What a close found besides the three totals on the period row: counts,
-- rank distribution, totals by type, top earners, rows written, seconds
-- per step. Private (read through api.period_summary by the roles that read
-- the ledger): commission_periods is readable by every distributor, top
-- earners are not.
create table private.period_summaries (
  period_id   varchar(20) primary key references public.commission_periods (id) on delete cascade,
  summary     jsonb not null,
  computed_at timestamptz not null
);
alter table private.period_summaries enable row level security, force row level security;


-- ---------------------------------------------------------------------------
-- Plan settings for running the plan
-- ---------------------------------------------------------------------------

insert into public.plan_settings (key, value, description) values
  ('auto_close_day', '5',
   'Day of the month (1-28) on which the scheduled job closes last month; 0 turns the scheduled close off.')
on conflict (key) do nothing;
