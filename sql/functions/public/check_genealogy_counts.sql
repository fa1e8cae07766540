-- The derived genealogy figures that differ from what the closure table and
-- the volume events say (none when healthy), for DBAs and the tests:
--   'level'   private.genealogy_level_counts vs the sponsor closure rows
--             grouped by (ancestor, depth): members and active members;
--   'volume'  private.genealogy_volumes vs volume_events of the periods not
--             yet finalized: personal PV, and group PV = own PV plus the
--             PV of the whole sponsor downline.
-- expected/actual read 'members/active' or 'personal/group'. Reads every
-- closure row: minutes at a million distributors, so not for pages.
-- Invoker: a DBA (superuser) tool; mlm_app cannot read schema private.
create or replace function public.check_genealogy_counts()
returns table (problem text, distributor_id uuid, depth integer, period_id text,
               expected text, actual text)
language sql
stable
set search_path = ''
as $$
  with levels as (
    select g.ancestor_id, g.depth, count(*) as members,
           count(*) filter (where d.status = 'active') as active
      from public.genealogy_paths g
      join public.distributors d on d.user_id = g.descendant_id
     where g.path_type = 'sponsor'
     group by g.ancestor_id, g.depth
  ),
  kept as (
    select c.ancestor_id, c.depth, c.members::bigint as members, c.active_members::bigint as active
      from private.genealogy_level_counts c
     where c.members <> 0 or c.active_members <> 0
  ),
  open_periods as (
    select p.id from public.commission_periods p where p.status <> 'finalized'
  ),
  pv as (
    select e.period_id, e.distributor_id, sum(e.pv) as pv
      from public.volume_events e
     where e.period_id in (select id from open_periods)
     group by e.period_id, e.distributor_id
  ),
  volumes as (
    select s.period_id, s.distributor_id, sum(s.personal) as personal, sum(s.grp) as grp
      from (select pv.period_id, pv.distributor_id, pv.pv as personal, pv.pv as grp from pv
            union all
            select pv.period_id, g.ancestor_id, 0, pv.pv
              from pv join public.genealogy_paths g
                on g.descendant_id = pv.distributor_id and g.path_type = 'sponsor') s
     group by s.period_id, s.distributor_id
    having sum(s.personal) <> 0 or sum(s.grp) <> 0
  ),
  kept_volumes as (
    select v.period_id, v.distributor_id, v.personal_pv as personal, v.group_pv as grp
      from private.genealogy_volumes v
     where v.period_id in (select id from open_periods)
       and (v.personal_pv <> 0 or v.group_pv <> 0)
  )
  select 'level', coalesce(l.ancestor_id, k.ancestor_id), coalesce(l.depth, k.depth), null::text,
         coalesce(l.members, 0) || '/' || coalesce(l.active, 0),
         coalesce(k.members, 0) || '/' || coalesce(k.active, 0)
    from levels l
    full join kept k on k.ancestor_id = l.ancestor_id and k.depth = l.depth
   where l.members is distinct from k.members or l.active is distinct from k.active
  union all
  select 'volume', coalesce(v.distributor_id, k.distributor_id), null::integer,
         coalesce(v.period_id, k.period_id)::text,
         coalesce(v.personal, 0) || '/' || coalesce(v.grp, 0),
         coalesce(k.personal, 0) || '/' || coalesce(k.grp, 0)
    from volumes v
    full join kept_volumes k on k.period_id = v.period_id and k.distributor_id = v.distributor_id
   where v.personal is distinct from k.personal or v.grp is distinct from k.grp
$$;
revoke all on function public.check_genealogy_counts() from public;
comment on function public.check_genealogy_counts() is
  'The maintained genealogy figures (level counts, running PV and GV of periods not finalized) that'
  ' differ from what the closure table and the volume events say; no rows when healthy. For DBAs '
  'and tests (reads every closure row: not for pages).';
