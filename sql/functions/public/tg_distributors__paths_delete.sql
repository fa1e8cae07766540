-- A distributor is deleted only while nothing hangs on it: no recruits (as
-- sponsor, placement or enroller), orders, customers, ledger rows or
-- payouts (sql-contract.md). Otherwise it is refused with MLREF and the way
-- out: set its status to 'terminated'. A leaf leaves the tree with its
-- closure rows, which this trigger deletes (genealogy_paths has no foreign
-- keys: see 0004), after taking the leaf off its upline's level counts.
--
-- Row-level BEFORE: it must see the row's closure before the cascade and
-- refuse before the foreign keys would with a less helpful message. Deletes
-- are rare and each costs one probe per dependant table plus one counter row
-- per upline level. Deleting a sponsor together with its last recruit in one
-- statement is refused when the sponsor's row comes first: delete leaves
-- first (or terminate).
create or replace function public.tg_distributors__paths_delete()
returns trigger
language plpgsql
volatile
security definer
set search_path = ''
set jit = off
as $$
declare
  v_what   text[] := '{}';
  v_count  bigint;
  v_zero_a uuid[];
  v_zero_d integer[];
begin
  select count(*) into v_count from public.distributors d
   where d.sponsor_id = old.user_id or d.placement_id = old.user_id or d.enroller_id = old.user_id;
  if v_count > 0 then
    v_what := v_what || pg_catalog.format('%s recruit%s', v_count, case when v_count = 1 then '' else 's' end);
  end if;
  if exists (select from public.orders o where o.distributor_id = old.user_id) then
    v_what := v_what || 'orders'::text;
  end if;
  if exists (select from public.customers c where c.distributor_id = old.user_id) then
    v_what := v_what || 'customers'::text;
  end if;
  if exists (select from public.commission_ledger l where l.distributor_id = old.user_id)
     or exists (select from public.commission_ledger l where l.source_distributor_id = old.user_id) then
    v_what := v_what || 'commission ledger rows'::text;
  end if;
  if exists (select from public.payouts p where p.distributor_id = old.user_id) then
    v_what := v_what || 'payouts'::text;
  end if;
  if pg_catalog.cardinality(v_what) > 0 then
    raise exception using errcode = 'MLREF',
      message = pg_catalog.format(
        'Distributor %s cannot be deleted: it has %s. Set its status to terminated instead.',
        old.distributor_number, pg_catalog.array_to_string(v_what, ', ')),
      hint = 'A distributor is deleted only while it has no recruits, orders or ledger rows.';
  end if;

  perform pg_catalog.pg_advisory_xact_lock_shared(private.advisory_lock_key('genealogy'));
  with taken as (
    insert into private.genealogy_level_counts as c (ancestor_id, depth, members, active_members)
    select g.ancestor_id, g.depth, -1, -(old.status = 'active')::integer
      from public.genealogy_paths g
     where g.descendant_id = old.user_id and g.path_type = 'sponsor'
     order by g.ancestor_id, g.depth
    on conflict (ancestor_id, depth) do update
      set members = c.members - 1, active_members = c.active_members + excluded.active_members
    returning c.ancestor_id, c.depth, c.members
  )
  select array_agg(t.ancestor_id) filter (where t.members = 0),
         array_agg(t.depth) filter (where t.members = 0)
    into v_zero_a, v_zero_d
    from taken t;
  if v_zero_a is not null then
    delete from private.genealogy_level_counts c
     using unnest(v_zero_a, v_zero_d) as z (ancestor_id, depth)
     where c.ancestor_id = z.ancestor_id and c.depth = z.depth and c.members = 0;
  end if;
  -- The leaf's own closure rows (it is only ever a descendant), and rows
  -- about it: empty levels and zero volumes at most.
  delete from public.genealogy_paths g where g.descendant_id = old.user_id;
  delete from public.genealogy_paths g where g.ancestor_id = old.user_id;
  delete from private.genealogy_level_counts c where c.ancestor_id = old.user_id;
  delete from private.genealogy_volumes v using public.commission_periods p
   where v.period_id = p.id and v.distributor_id = old.user_id;
  return old;
end
$$;
alter function public.tg_distributors__paths_delete() owner to mlm_definer;
revoke all on function public.tg_distributors__paths_delete() from public;

create or replace trigger _150_paths_delete
  before delete on public.distributors
  for each row
  execute function public.tg_distributors__paths_delete();
