-- Keeps the genealogy exact when distributors rows change: a new sponsor_id
-- or placement_id moves the person with the whole downline (closure rows,
-- level counts, running group volumes: private.genealogy_rewrite), and a
-- status change moves each upline level's count between active and not.
--
-- Statement-level with both transition tables: an update of a million rows
-- (a rank recalculation, say) costs one hash join of the two tables to find
-- that nothing genealogical changed, not a million trigger calls. Every
-- query on the transition tables is dynamic SQL, planned for their real
-- size (see tg_distributors__paths_insert).
--
-- Status first, against the closure as it stood (so a row that changes both
-- status and sponsor in one statement is counted right: the rewrite then
-- moves it with its new status). A move takes the genealogy lock
-- exclusively: it waits for enrolments in flight and they wait for it, so
-- no one is added under a subtree while its upline is being rewritten, and
-- two moves cannot cross into a cycle unseen. Under READ COMMITTED (the
-- default, and what the app uses) each statement after the lock sees what
-- the others committed before.
--
-- Who may move someone is the policies' business (only admins update
-- distributors); public.move_distributor() adds the reason and the audit.
create or replace function public.tg_distributors__paths_update()
returns trigger
language plpgsql
volatile
security definer
set search_path = ''
set jit = off
set work_mem = '128MB'
as $$
declare
  v_sponsor   uuid[];
  v_placement uuid[];
  v_status    bigint;
  v_rekeyed   bigint;
begin
  execute $sql$
    select array_agg(n.user_id) filter (where n.sponsor_id is distinct from o.sponsor_id),
           array_agg(n.user_id) filter (where n.placement_id is distinct from o.placement_id),
           count(*) filter (where (n.status = 'active') <> (o.status = 'active')),
           (select count(*) from new_rows) - count(*)
      from new_rows n join old_rows o on o.user_id = n.user_id
  $sql$ into v_sponsor, v_placement, v_status, v_rekeyed;

  -- The closure table knows people by user_id (and has no foreign keys).
  if v_rekeyed > 0 then
    raise exception using errcode = 'MLVAL', column = 'user_id',
      message = 'A distributor''s user_id cannot change.';
  end if;

  if v_sponsor is null and v_placement is null and v_status = 0 then
    return null;
  end if;

  if v_sponsor is not null or v_placement is not null then
    perform pg_catalog.pg_advisory_xact_lock(private.advisory_lock_key('genealogy'));
  else
    perform pg_catalog.pg_advisory_xact_lock_shared(private.advisory_lock_key('genealogy'));
  end if;

  if v_status > 0 then
    execute $sql$
      insert into private.genealogy_level_counts as c (ancestor_id, depth, members, active_members)
      select g.ancestor_id, g.depth, 0, sum(case when n.status = 'active' then 1 else -1 end)
        from new_rows n
        join old_rows o on o.user_id = n.user_id
        join public.genealogy_paths g on g.descendant_id = n.user_id and g.path_type = 'sponsor'
       where (n.status = 'active') <> (o.status = 'active')
       group by g.ancestor_id, g.depth
      having sum(case when n.status = 'active' then 1 else -1 end) <> 0
       order by g.ancestor_id, g.depth
      on conflict (ancestor_id, depth) do update
        set active_members = c.active_members + excluded.active_members
    $sql$;
  end if;

  if v_sponsor is not null then
    perform private.genealogy_rewrite('sponsor', v_sponsor);
  end if;
  if v_placement is not null then
    perform private.genealogy_rewrite('placement', v_placement);
  end if;
  return null;
end
$$;
alter function public.tg_distributors__paths_update() owner to mlm_definer;
revoke all on function public.tg_distributors__paths_update() from public;

create or replace trigger _200_paths_update
  after update on public.distributors
  referencing old table as old_rows new table as new_rows
  for each statement
  execute function public.tg_distributors__paths_update();
