-- Rewrites the closure rows of one tree (sponsor or placement) after the
-- parents of p_moved changed (their distributors rows already hold the new
-- sponsor_id / placement_id), and keeps the sponsor tree's level counts and
-- running group volumes in step. Returns how many closure rows changed.
--
-- Set based, for any number of moved people, nested in each other's
-- downlines or not:
-- 1. S = the moved people and their downline (from the closure table, which
--    still describes the old tree).
-- 2. Refuse a cycle (MLCYC): walking down from the members of S whose new
--    parent lies outside S (or who have none) must reach all of S; a member
--    under its own downline is never reached. Refuse a tree deeper than
--    genealogy_max_depth (MLVAL). Both before anything is written, and
--    cheap when refused: a move under one's own downline stops at step 2.
-- 3. The new closure rows of S: walk up inside S (a recursive CTE over S
--    alone), then append the closure rows of the ancestor outside S where
--    each walk leaves it (those rows did not change).
-- 4. Diff against the old rows of S and write only the difference: delete
--    pairs that end, update pairs whose depth changed, insert new pairs.
--    Rows inside a moved subtree that did not change are not touched.
-- 5. Sponsor tree only: every pair removed takes one member off its
--    ancestor's level (active or not, by the person's current status); every
--    pair added puts one on; a changed depth does both. Every pair removed or
--    added moves the descendant's PV of each period not yet finalized out of
--    or into the ancestor's group volume (private.genealogy_volumes).
--
-- Called by public.tg_distributors__paths_update (definer, mlm_definer)
-- holding the genealogy lock exclusively. Dynamic SQL throughout: S may be
-- one person or a million, and each statement is planned for its size.
create or replace function private.genealogy_rewrite(p_path_type public.genealogy_type, p_moved uuid[])
returns bigint
language plpgsql
volatile
set search_path = ''
set jit = off
as $$
declare
  v_max     integer := private.genealogy_max_depth();
  v_parent  text := case p_path_type when 'sponsor' then 'sponsor_id' else 'placement_id' end;
  v_set     uuid[];
  v_reached bigint;
  v_deepest integer;
  v_changed bigint;
  v_anc     uuid[];
  v_desc    uuid[];
  v_old     integer[];
  v_new     integer[];
  v_active  boolean[];
  v_zero_a  uuid[];
  v_zero_d  integer[];
begin
  -- 1. S
  execute $sql$
    select array_agg(s.id) from (
      select m.id from unnest($1::uuid[]) as m (id)
      union
      select g.descendant_id from public.genealogy_paths g
       where g.ancestor_id = any ($1) and g.path_type = $2) s
  $sql$ into v_set using p_moved, p_path_type;

  -- 2. Cycle and depth
  execute pg_catalog.format($sql$
    with recursive
      node as materialized (
        select d.user_id as id, d.%1$I as parent from public.distributors d where d.user_id = any ($1)),
      reach (id, lvl, top_id) as (
        select n.id, 1, n.parent from node n
         where n.parent is null or not exists (select from node p where p.id = n.parent)
        union all
        select n.id, r.lvl + 1, r.top_id from reach r join node n on n.parent = r.id
      ),
      tops as (
        select r.top_id, max(r.lvl) as lvl, count(*) as people from reach r group by r.top_id
      )
    select coalesce(sum(t.people), 0),
           max(t.lvl + case when t.top_id is null then -1
                            else coalesce((select max(g.depth) from public.genealogy_paths g
                                            where g.descendant_id = t.top_id and g.path_type = $2), 0)
                       end)
      from tops t
  $sql$, v_parent) into v_reached, v_deepest using v_set, p_path_type;

  if v_reached < pg_catalog.cardinality(v_set) then
    raise exception using errcode = 'MLCYC',
      message = pg_catalog.format(
        'This change would put a distributor under its own downline: the %s tree cannot have a cycle.',
        p_path_type);
  end if;
  if v_deepest > v_max then
    raise exception using errcode = 'MLVAL', column = v_parent,
      message = pg_catalog.format(
        'After this change the %s tree would be %s levels deep; the deepest level allowed is %s '
        '(plan setting genealogy_max_depth).', p_path_type, v_deepest, v_max);
  end if;

  -- 3. The new closure rows of S, and the difference with the old ones, as
  -- arrays: the writes below then see exactly how many rows they touch (the
  -- recursive CTEs' estimates are thousands of times too high, which once
  -- made the planner hash the whole closure table to update a few thousand
  -- rows: 2 s of a 2.2 s move at 200,000 distributors).
  execute pg_catalog.format($sql$
    with recursive
      node as materialized (
        select d.user_id as id, d.%1$I as parent, d.status from public.distributors d
         where d.user_id = any ($1)),
      chain (descendant_id, ancestor_id, depth) as (
        select n.id, n.parent, 1 from node n where n.parent is not null
        union all
        select c.descendant_id, p.parent, c.depth + 1
          from chain c join node p on p.id = c.ancestor_id
         where p.parent is not null
      ),
      -- Where the walks leave S, and the (unchanged) upline of each such place,
      -- read per place through the index.
      tops as (
        select distinct c.ancestor_id as top_id from chain c
         where not exists (select from node p where p.id = c.ancestor_id)
      ),
      top_paths as (
        select t.top_id, up.ancestor_id, up.depth
          from tops t
          cross join lateral (select g.ancestor_id, g.depth from public.genealogy_paths g
                               where g.descendant_id = t.top_id and g.path_type = $2) up
      ),
      new_paths as (
        select c.ancestor_id, c.descendant_id, c.depth from chain c
        union all
        select tp.ancestor_id, c.descendant_id, c.depth + tp.depth
          from chain c join top_paths tp on tp.top_id = c.ancestor_id
      ),
      old_paths as (
        select g.ancestor_id, g.descendant_id, g.depth from public.genealogy_paths g
         where g.descendant_id = any ($1) and g.path_type = $2
      ),
      diff as (
        select coalesce(o.ancestor_id, n.ancestor_id) as ancestor_id,
               coalesce(o.descendant_id, n.descendant_id) as descendant_id,
               o.depth as old_depth, n.depth as new_depth
          from old_paths o
          full join new_paths n on n.ancestor_id = o.ancestor_id and n.descendant_id = o.descendant_id
         where o.depth is distinct from n.depth
      )
    select array_agg(x.ancestor_id), array_agg(x.descendant_id), array_agg(x.old_depth),
           array_agg(x.new_depth), array_agg(node.status = 'active')
      from diff x join node on node.id = x.descendant_id
  $sql$, v_parent) into v_anc, v_desc, v_old, v_new, v_active using v_set, p_path_type;
  if v_anc is null then
    return 0;
  end if;

  -- 4. Write only the difference: pairs that end, depths that change, new
  -- pairs (disjoint, so the primary key never sees a pair twice).
  execute $sql$
    delete from public.genealogy_paths g
     using unnest($1::uuid[], $2::uuid[], $3::integer[]) as x (a, d, n)
     where x.n is null and g.ancestor_id = x.a and g.descendant_id = x.d and g.path_type = $4
  $sql$ using v_anc, v_desc, v_new, p_path_type;
  execute $sql$
    update public.genealogy_paths g set depth = x.n
      from unnest($1::uuid[], $2::uuid[], $3::integer[], $4::integer[]) as x (a, d, o, n)
     where x.o is not null and x.n is not null
       and g.ancestor_id = x.a and g.descendant_id = x.d and g.path_type = $5
  $sql$ using v_anc, v_desc, v_old, v_new, p_path_type;
  execute $sql$
    insert into public.genealogy_paths (ancestor_id, descendant_id, depth, path_type, created_at)
    select x.a, x.d, x.n, $5, $6
      from unnest($1::uuid[], $2::uuid[], $3::integer[], $4::integer[]) as x (a, d, o, n)
     where x.o is null
  $sql$ using v_anc, v_desc, v_old, v_new, p_path_type, public.app_now();
  v_changed := pg_catalog.cardinality(v_anc);
  if p_path_type <> 'sponsor' then
    return v_changed;
  end if;

  -- 5. Sponsor tree: a pair that ends takes one member (active or not, by the
  -- person's status now) off its ancestor's level, a new pair puts one on, a
  -- changed depth does both; and the descendant's PV of each period not yet
  -- finalized leaves or joins the ancestor's group volume.
  execute $sql$
    with x as (
      select * from unnest($1::uuid[], $2::integer[], $3::integer[], $4::boolean[]) as x (a, o, n, act)
    ),
    deltas as (
      select x.a, x.o as depth, -1 as members, -(x.act::integer) as active from x where x.o is not null
      union all
      select x.a, x.n, 1, x.act::integer from x where x.n is not null
    ),
    counted as (
      insert into private.genealogy_level_counts as lc (ancestor_id, depth, members, active_members)
      select d.a, d.depth, sum(d.members), sum(d.active)
        from deltas d
       group by d.a, d.depth
      having sum(d.members) <> 0 or sum(d.active) <> 0
       order by d.a, d.depth
      on conflict (ancestor_id, depth) do update
        set members = lc.members + excluded.members,
            active_members = lc.active_members + excluded.active_members
      returning lc.ancestor_id, lc.depth, lc.members
    )
    select array_agg(c.ancestor_id), array_agg(c.depth) from counted c where c.members = 0
  $sql$ into v_zero_a, v_zero_d using v_anc, v_old, v_new, v_active;
  if v_zero_a is not null then
    delete from private.genealogy_level_counts c
     using unnest(v_zero_a, v_zero_d) as z (ancestor_id, depth)
     where c.ancestor_id = z.ancestor_id and c.depth = z.depth and c.members = 0;
  end if;

  execute $sql$
    with pv as (
      select v.period_id, v.distributor_id, v.personal_pv
        from public.commission_periods p
        cross join unnest($5::uuid[]) as s (id)
        join private.genealogy_volumes v on v.period_id = p.id and v.distributor_id = s.id
       where p.status <> 'finalized' and v.personal_pv <> 0
    ),
    deltas as (
      select pv.period_id, x.a,
             sum(case when x.n is null then -pv.personal_pv else pv.personal_pv end) as gv
        from unnest($1::uuid[], $2::uuid[], $3::integer[], $4::integer[]) as x (a, d, o, n)
        join pv on pv.distributor_id = x.d
       where x.o is null or x.n is null
       group by pv.period_id, x.a
    )
    insert into private.genealogy_volumes as gv (period_id, distributor_id, group_pv)
    select d.period_id, d.a, d.gv from deltas d
     where d.gv <> 0
     order by d.period_id, d.a
    on conflict (period_id, distributor_id) do update set group_pv = gv.group_pv + excluded.group_pv
  $sql$ using v_anc, v_desc, v_old, v_new, v_set;
  return v_changed;
end
$$;
revoke all on function private.genealogy_rewrite(public.genealogy_type, uuid[]) from public;
grant execute on function private.genealogy_rewrite(public.genealogy_type, uuid[]) to mlm_definer;
comment on function private.genealogy_rewrite(public.genealogy_type, uuid[]) is
  'Rewrites one tree''s closure rows (sponsor or placement) after distributors moved, keeping the '
  'sponsor tree''s level counts and running group volumes in step; returns how many closure rows '
  'changed. For the distributors update trigger.';
