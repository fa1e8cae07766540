-- Genealogy at a million distributors: what the tree pages read without
-- counting a downline, the search indexes, and the depth guard's setting.
--
-- The closure table public.genealogy_paths (0002) stays the one truth of
-- "who is under whom". Its triggers (sql/functions/public/tg_distributors__*)
-- keep it exact for inserts, sponsor and placement changes and deletes, and
-- keep two derived tables in step with it in the same statement:
--
--   private.genealogy_level_counts  (ancestor, depth) -> how many people the
--       ancestor has at that level of its sponsor downline, and how many of
--       them are active. Frontline = level 1; downline = the sum of the rows;
--       the "levels" page = the rows. One row per level, not per person:
--       the root of the benchmark's million (deep chains included) has 411.
--       Maintained, not snapshotted, so a page never counts a downline
--       (counting that root's downline live took 1.5 s) and is never stale:
--       every closure row written or removed adds or removes one here, and a
--       status change moves one between active and not. A per-period
--       snapshot would be cheaper to write but wrong for a day after each
--       enrolment, move or termination, which is what people look at.
--   private.genealogy_volumes  (period, distributor) -> PV and GV (own PV
--       plus the whole sponsor downline's) of the periods not yet finalized,
--       summed from public.volume_events as the events arrive (a trigger on
--       volume_events) and moved with the people when a subtree moves.
--       Summing a root's GV live means reading every event of the period.
--
-- Both live in schema private: mlm_app cannot read them at all; the app reads
-- them through security definer functions (api.genealogy_*) that apply the
-- contract's visibility (a distributor: self, downline, and its sponsor's
-- name only). RLS is enabled and forced anyway, with no policy.
--
-- No foreign keys on the derived tables: a row for a distributor exists only
-- while it has a downline (level counts) or volume (volumes), and such a
-- distributor cannot be deleted (it is terminated instead); the delete
-- trigger removes what a deletable leaf may have left. Foreign keys would
-- cost one index probe per row on bulk loads for nothing.


-- ---------------------------------------------------------------------------
-- genealogy_paths: lean enough to load a million distributors in minutes
-- ---------------------------------------------------------------------------
--
-- A million distributors of mean depth 16 make 16 million closure rows, and
-- on a 2-core machine the cost of writing them is the WAL and index work of
-- every row (measured: 4 indexes and 2 foreign keys as 0002 made them, 18 us
-- a row; the natural key and one more index, 7 us a row). So:
-- - the natural key (ancestor_id, descendant_id, path_type) becomes the
--   primary key; the bigint id (nothing referenced it) and its index go;
-- - (descendant_id, path_type, depth) stays: uplines, levels, enrolments;
-- - (ancestor_id, path_type, depth) goes: a downline is read through the
--   primary key (same leading column), levels come from the level counts
--   below, and "the first people within 3 levels" from distributors'
--   sponsor index;
-- - the two foreign keys to distributors go: each closure row paid two
--   trigger checks. The genealogy triggers are the only writers (mlm_app
--   has no write grant) and check_genealogy() verifies them; a deletable
--   distributor's rows are deleted by its delete trigger (it has no downline,
--   so it only ever is a descendant), which the cascade used to do.
alter table public.genealogy_paths
  drop constraint if exists genealogy_paths_ancestor_id_fkey,
  drop constraint if exists genealogy_paths_descendant_id_fkey;
alter table public.genealogy_paths drop column id;
alter table public.genealogy_paths
  drop constraint genealogy_paths_ancestor_id_descendant_id_path_type_key,
  add constraint genealogy_paths_pkey primary key (ancestor_id, descendant_id, path_type);
drop index public.idx_genealogy_ancestor_type_depth;


-- ---------------------------------------------------------------------------
-- Derived tables
-- ---------------------------------------------------------------------------

-- members and active_members change by signed deltas through
-- insert ... on conflict do update, and PostgreSQL checks the proposed row
-- (a delta of -1) against check constraints before it finds the conflict:
-- so no "members >= 0" check here. public.check_genealogy_counts() compares
-- both counts with the closure table instead.
create table private.genealogy_level_counts (
  ancestor_id    uuid not null,
  depth          integer not null check (depth >= 1),
  members        integer not null,
  active_members integer not null,
  primary key (ancestor_id, depth)
) with (fillfactor = 80);   -- room for HOT updates: a count changes in place, its index entry stays
comment on table private.genealogy_level_counts is
  'Sponsor downline of each distributor by level: members and active members. Kept by the genealogy triggers.';

create table private.genealogy_volumes (
  period_id      varchar(20) not null,
  distributor_id uuid not null,
  personal_pv    numeric(16,2) not null default 0,
  group_pv       numeric(16,2) not null default 0,
  primary key (period_id, distributor_id)
) with (fillfactor = 80);
comment on table private.genealogy_volumes is
  'Running PV and GV per period from volume_events, for display; the close computes period_volumes itself.';

alter table private.genealogy_level_counts enable row level security, force row level security;
alter table private.genealogy_volumes enable row level security, force row level security;
-- mlm_definer already has every privilege here (default privileges, 0003).


-- ---------------------------------------------------------------------------
-- Indexes for the tree pages and the downline search
-- ---------------------------------------------------------------------------

-- A frontline page is "the children of X in number order, after N": this
-- index answers it without sorting a big frontline, and still serves the
-- sponsor foreign key (same leading column), so the old one goes.
create index idx_distributors_sponsor_number on public.distributors (sponsor_id, distributor_number);
drop index public.idx_distributors_sponsor;

-- Downline search by name (every caller) and email (staff only). The
-- expression must be written exactly so in queries for the index to apply.
create index idx_users_name_trgm on public.users
  using gin ((coalesce(first_name, '') || ' ' || coalesce(last_name, '')) gin_trgm_ops);
create index idx_users_email_trgm on public.users using gin ((email::text) gin_trgm_ops);


-- ---------------------------------------------------------------------------
-- Settings
-- ---------------------------------------------------------------------------

insert into public.plan_settings (key, value, description) values
  ('genealogy_max_depth', '5000',
   'Deepest level of the sponsor and placement trees; enrolments and moves that would go deeper are '
   'refused. Closure rows grow with the square of a chain''s length (a 10,000-deep chain is about '
   '50 million rows).'),
  ('genealogy_paths_warn_ratio', '60',
   'Warn admins (home page, log) when genealogy_paths holds more than this many rows per distributor.')
on conflict (key) do nothing;


-- ---------------------------------------------------------------------------
-- Backfill from what is already there (written out here, not by calling the
-- trigger functions, which change over time)
-- ---------------------------------------------------------------------------

insert into private.genealogy_level_counts (ancestor_id, depth, members, active_members)
select g.ancestor_id, g.depth, count(*), count(*) filter (where d.status = 'active')
  from public.genealogy_paths g
  join public.distributors d on d.user_id = g.descendant_id
 where g.path_type = 'sponsor'
 group by g.ancestor_id, g.depth;

insert into private.genealogy_volumes (period_id, distributor_id, personal_pv, group_pv)
with pv as (
  select e.period_id, e.distributor_id, sum(e.pv) as pv
    from public.volume_events e
    join public.commission_periods p on p.id = e.period_id
   where p.status <> 'finalized'
   group by e.period_id, e.distributor_id
)
select s.period_id, s.distributor_id, sum(s.personal), sum(s.grp)
  from (select pv.period_id, pv.distributor_id, pv.pv as personal, pv.pv as grp from pv
        union all
        select pv.period_id, g.ancestor_id, 0, pv.pv
          from pv join public.genealogy_paths g
            on g.descendant_id = pv.distributor_id and g.path_type = 'sponsor') s
 group by s.period_id, s.distributor_id;
