-- Genealogy closure for new distributors, sponsor and placement trees alike,
-- and the sponsor level counts (private.genealogy_level_counts) with it.
--
-- One statement-level trigger with a transition table serves both kinds of
-- insert, each with a plan made for it:
-- - one row (an enrolment): static SQL, planned once per session for a
--   one-row table: the sponsor's own closure rows (an index range scan on
--   descendant_id) plus one row per level, and one level count per upline
--   level. A separate row-level trigger doing the same work measured the
--   same at level 1,001 of the million-distributor benchmark tree (README,
--   "Measured"): the cost is the 1,000 closure rows and 1,000 counter rows
--   (index pages all over the tables), not how the trigger is called; so
--   there is one trigger, not two.
-- - several rows (COPY, a multi-row insert, sponsors before or after their
--   recruits): dynamic SQL, so it is planned with the real row count every
--   time (a cached plan made for one row, reused for a million, would walk
--   the chain by nested loops; one made for a million would hash the whole
--   closure table for an enrolment). Within the new rows the chain is walked
--   by a recursive CTE; at the first ancestor that already existed, its own
--   closure rows supply the rest of the upline.
--
-- Refusals: a sponsor chain among the new rows that loops back (MLCYC), and
-- a row deeper than plan_settings.genealogy_max_depth (MLVAL on sponsor_id
-- or placement_id). The shared advisory lock lets enrolments run side by
-- side while a move (tg_distributors__paths_update takes it exclusively)
-- waits for them, and they for it: a move must never rewrite the upline of a
-- subtree while someone is being added under it.
-- Moves, status changes and deletes have triggers of their own.
create or replace function public.tg_distributors__paths_insert()
returns trigger
language plpgsql
volatile
security definer
set search_path = ''
set jit = off
set work_mem = '128MB'
set enable_mergejoin = off
as $$
declare
  v_max        integer := private.genealogy_max_depth();
  v_now        timestamptz := public.app_now();
  v_rows       bigint;
  v_new        record;
  v_depth      integer;
  v_placement  integer;
  v_column     text;
  v_constraint text;
begin
  perform pg_catalog.pg_advisory_xact_lock_shared(private.advisory_lock_key('genealogy'));
  select count(*) into v_rows from new_rows;
  if v_rows = 0 then
    return null;
  end if;

  if v_rows = 1 then
    select n.user_id, n.distributor_number, n.sponsor_id, n.placement_id, n.status
      into v_new from new_rows n;
    -- The new row's level: one below its parent (a root's level is 0).
    for v_column, v_depth in
      select 'sponsor_id', 1 + coalesce((select max(g.depth) from public.genealogy_paths g
                                          where g.descendant_id = v_new.sponsor_id
                                            and g.path_type = 'sponsor'), 0)
       where v_new.sponsor_id is not null
      union all
      select 'placement_id', 1 + coalesce((select max(g.depth) from public.genealogy_paths g
                                            where g.descendant_id = v_new.placement_id
                                              and g.path_type = 'placement'), 0)
       where v_new.placement_id is not null
    loop
      if v_depth > v_max then
        raise exception using errcode = 'MLVAL', column = v_column,
          message = pg_catalog.format(
            'Distributor %s would be at level %s of the %s tree; the deepest level allowed is %s '
            '(plan setting genealogy_max_depth).',
            v_new.distributor_number, v_depth, pg_catalog.replace(v_column, '_id', ''), v_max);
      end if;
    end loop;

    with added as (
      insert into public.genealogy_paths (ancestor_id, descendant_id, depth, path_type, created_at)
      select v_new.sponsor_id, v_new.user_id, 1, 'sponsor'::public.genealogy_type, v_now
       where v_new.sponsor_id is not null
      union all
      select g.ancestor_id, v_new.user_id, g.depth + 1, 'sponsor'::public.genealogy_type, v_now
        from public.genealogy_paths g
       where g.descendant_id = v_new.sponsor_id and g.path_type = 'sponsor'
      union all
      select v_new.placement_id, v_new.user_id, 1, 'placement'::public.genealogy_type, v_now
       where v_new.placement_id is not null
      union all
      select g.ancestor_id, v_new.user_id, g.depth + 1, 'placement'::public.genealogy_type, v_now
        from public.genealogy_paths g
       where g.descendant_id = v_new.placement_id and g.path_type = 'placement'
      returning ancestor_id, depth, path_type
    )
    insert into private.genealogy_level_counts as c (ancestor_id, depth, members, active_members)
    select a.ancestor_id, a.depth, 1, (v_new.status = 'active')::integer
      from added a
     where a.path_type = 'sponsor'
     order by a.ancestor_id, a.depth  -- every writer takes counter rows in key order: no deadlocks
    on conflict (ancestor_id, depth) do update
      set members = c.members + 1,
          active_members = c.active_members + excluded.active_members;
    return null;
  end if;

  begin
    execute $sql$
      with recursive
        links as (
          select n.user_id, n.sponsor_id as parent_id, 'sponsor'::public.genealogy_type as path_type,
                 n.status = 'active' as active
            from new_rows n where n.sponsor_id is not null
          union all
          select n.user_id, n.placement_id, 'placement'::public.genealogy_type, n.status = 'active'
            from new_rows n where n.placement_id is not null
        ),
        -- Each closure row carries whether its descendant is active, for the
        -- level counts below (no join back to the new rows: 13 s at 1M).
        chain (descendant_id, ancestor_id, depth, path_type, active) as (
          select l.user_id, l.parent_id, 1, l.path_type, l.active from links l
          union all
          select c.descendant_id, l.parent_id, c.depth + 1, c.path_type, c.active
            from chain c
            join links l on l.user_id = c.ancestor_id and l.path_type = c.path_type
           -- A loop among the new rows shows as one row from a person to itself
           -- (refused below), and the walk stops there; a chain that runs into
           -- a loop stops past the deepest level.
           where c.ancestor_id <> c.descendant_id
             and c.depth <= $1
        ),
        -- Chain ends at an ancestor that existed before: its upline follows,
        -- read once per such ancestor through the index (a lateral scan, so
        -- that no estimate can turn it into a scan of the whole closure).
        -- Those ancestors are the parents of new rows that are not new
        -- themselves: found among the links (one per new row), not the chain
        -- (one per closure row: 6 s of anti-join for a million people under
        -- nobody old). Materialized, so only they are looked up: inlined, the
        -- planner probed the index once per chain row.
        tops as materialized (
          select distinct l.parent_id as top_id, l.path_type from links l
           where not exists (select from new_rows n where n.user_id = l.parent_id)
        ),
        top_paths as materialized (
          select t.top_id, t.path_type, up.ancestor_id, up.depth
            from tops t
            cross join lateral (select g.ancestor_id, g.depth from public.genealogy_paths g
                                 where g.descendant_id = t.top_id and g.path_type = t.path_type) up
        ),
        -- Every new closure row: the chains, and where a chain ends at an
        -- ancestor that existed before, that ancestor's upline.
        paths as materialized (
          select c.ancestor_id, c.descendant_id, c.depth, c.path_type, c.active from chain c
          union all
          select tp.ancestor_id, c.descendant_id, c.depth + tp.depth, c.path_type, c.active
            from chain c
            join top_paths tp on tp.top_id = c.ancestor_id and tp.path_type = c.path_type
        ),
        -- No RETURNING: the counts and the depth check read the paths above,
        -- so the insert keeps no copy of what it wrote. (A data-modifying
        -- CTE always runs to completion, read or not.)
        added as (
          insert into public.genealogy_paths (ancestor_id, descendant_id, depth, path_type, created_at)
          select r.ancestor_id, r.descendant_id, r.depth, r.path_type, $2
            from paths r
           -- In primary key order: each index page is filled once, not hit
           -- at random (measured: a third less time on a fresh table).
           order by r.ancestor_id, r.descendant_id
        ),
        counted as (
          insert into private.genealogy_level_counts as lc (ancestor_id, depth, members, active_members)
          select r.ancestor_id, r.depth, count(*), count(*) filter (where r.active)
            from paths r
           where r.path_type = 'sponsor'
           group by r.ancestor_id, r.depth
           order by r.ancestor_id, r.depth
          on conflict (ancestor_id, depth) do update
            set members = lc.members + excluded.members,
                active_members = lc.active_members + excluded.active_members
          returning 1
        ),
        deepest as (
          select max(r.depth) filter (where r.path_type = 'sponsor') as sponsor,
                 max(r.depth) filter (where r.path_type = 'placement') as placement
            from paths r
        )
      select d.sponsor, d.placement, (select count(*) from counted) from deepest d
    $sql$
    into v_depth, v_placement, v_rows
    using v_max, v_now;
  exception when check_violation or unique_violation then
    -- A loop among the new rows yields a row from someone to themself, and a
    -- chain running into a loop yields the same pair twice (more than once
    -- round it): either is refused before the other, whichever row comes first.
    get stacked diagnostics v_constraint = constraint_name;
    if v_constraint in ('genealogy_paths_no_self', 'genealogy_paths_pkey') then
      raise exception using errcode = 'MLCYC',
        message = 'These distributors sponsor one another in a loop: a sponsor tree cannot have a cycle.';
    end if;
    raise;
  end;
  if coalesce(v_depth, 0) > v_max or coalesce(v_placement, 0) > v_max then
    v_column := case when coalesce(v_depth, 0) > v_max then 'sponsor' else 'placement' end;
    raise exception using errcode = 'MLVAL', column = v_column || '_id',
      message = pg_catalog.format(
        'These distributors would reach level %s of the %s tree; the deepest level allowed is %s '
        '(plan setting genealogy_max_depth).',
        case v_column when 'sponsor' then v_depth else v_placement end, v_column, v_max);
  end if;
  return null;
end
$$;
alter function public.tg_distributors__paths_insert() owner to mlm_definer;
revoke all on function public.tg_distributors__paths_insert() from public;

create or replace trigger _200_paths_insert
  after insert on public.distributors
  referencing new table as new_rows
  for each statement
  execute function public.tg_distributors__paths_insert();
