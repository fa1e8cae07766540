-- Running PV and GV per period for the tree pages (private.genealogy_volumes):
-- each volume event adds its signed PV to its distributor's personal and
-- group volume and to the group volume of everyone in its sponsor upline; a
-- deleted event takes it off again, an updated one does both.
--
-- Statement-level with transition tables (one trigger per event: PostgreSQL
-- allows transition tables on single-event triggers only). Events are summed
-- per (period, distributor) first, then spread over the upline from the
-- closure table and summed per (period, ancestor), so a bulk load of a
-- month's events is one insert ... on conflict, in key order (no deadlocks
-- between concurrent payments). Dynamic SQL: planned for one event or a
-- million. The shared genealogy lock keeps a move from shifting the upline
-- between reading it and writing here.
--
-- Why not sum the events when a page asks: a root's GV is every event of
-- the period (2 million a month at a million distributors, two orders each).
create or replace function public.tg_volume_events__genealogy_volumes()
returns trigger
language plpgsql
volatile
security definer
set search_path = ''
set jit = off
set work_mem = '128MB'
as $$
declare
  v_events text := case TG_OP
    when 'INSERT' then 'select period_id, distributor_id, pv from new_rows'
    when 'DELETE' then 'select period_id, distributor_id, -pv from old_rows'
    else 'select period_id, distributor_id, pv from new_rows
          union all select period_id, distributor_id, -pv from old_rows' end;
begin
  perform pg_catalog.pg_advisory_xact_lock_shared(private.advisory_lock_key('genealogy'));
  execute pg_catalog.format($sql$
    with events as (
      select e.period_id, e.distributor_id, sum(e.pv) as pv
        from (%s) as e (period_id, distributor_id, pv)
       group by e.period_id, e.distributor_id
      having sum(e.pv) <> 0
    ),
    deltas as (
      select e.period_id, e.distributor_id, e.pv as personal, e.pv as grp from events e
      union all
      select e.period_id, g.ancestor_id, 0, e.pv
        from events e
        join public.genealogy_paths g on g.descendant_id = e.distributor_id and g.path_type = 'sponsor'
    )
    insert into private.genealogy_volumes as v (period_id, distributor_id, personal_pv, group_pv)
    select d.period_id, d.distributor_id, sum(d.personal), sum(d.grp)
      from deltas d
     group by d.period_id, d.distributor_id
     order by d.period_id, d.distributor_id
    on conflict (period_id, distributor_id) do update
      set personal_pv = v.personal_pv + excluded.personal_pv,
          group_pv = v.group_pv + excluded.group_pv
  $sql$, v_events);
  return null;
end
$$;
alter function public.tg_volume_events__genealogy_volumes() owner to mlm_definer;
revoke all on function public.tg_volume_events__genealogy_volumes() from public;

create or replace trigger _300_genealogy_volumes_insert
  after insert on public.volume_events
  referencing new table as new_rows
  for each statement
  execute function public.tg_volume_events__genealogy_volumes();
create or replace trigger _300_genealogy_volumes_update
  after update on public.volume_events
  referencing old table as old_rows new table as new_rows
  for each statement
  execute function public.tg_volume_events__genealogy_volumes();
create or replace trigger _300_genealogy_volumes_delete
  after delete on public.volume_events
  referencing old table as old_rows
  for each statement
  execute function public.tg_volume_events__genealogy_volumes();
