-- "If the period closed now" for open period p_period_id: the close's own
-- engine (private.period_compute) over the events so far, written to
-- public.period_estimates instead of the ledger; nothing else changes.
-- Per distributor with group volume or estimated earnings: PV, GV, the
-- rank it would be paid as, where it stands against the next rank (capped
-- GV and qualified legs by that rank's rules), estimated earnings by type.
-- Only rows whose figures changed are written (an order moves a few rows,
-- not a million). Skipped (returns null) when another refresh of the same
-- period is running. Returns what it did.
create or replace function private.period_estimate(p_period_id text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
set work_mem = '256MB'
set max_parallel_workers_per_gather = 0
set jit = off
set enable_mergejoin = off
as $$
declare
  v_started timestamptz := pg_catalog.clock_timestamp();
  v_status  public.period_status;
  v_compute jsonb;
  v_ranks   text[];
  v_cap     int8[];
  v_minleg  int8[];
  v_r       integer;
  v_del     bigint;
  v_upd     bigint;
  v_ins     bigint;
begin
  select p.status into v_status from public.commission_periods p where p.id = p_period_id;
  if v_status is distinct from 'open' then
    return null;
  end if;
  -- One refresh per period at a time; a close of it takes precedence.
  if not pg_catalog.pg_try_advisory_xact_lock(private.advisory_lock_key('period_estimate')::integer, private.period_ordinal(p_period_id))
     or private.period_lock_held(p_period_id) then
    return null;
  end if;

  v_compute := private.period_compute(p_period_id, 'estimate');
  select array_agg(x order by n) into v_ranks
    from jsonb_array_elements_text(v_compute -> 'ranks') with ordinality as t (x, n);
  v_r := cardinality(v_ranks);
  select array_agg(coalesce((r.max_leg_share * r.min_group_pv * 1000000)::int8, -1) order by n),
         array_agg((r.min_leg_volume * 100)::int8 order by n)
    into v_cap, v_minleg
    from unnest(v_ranks) with ordinality as t (id, n)
    join public.ranks r on r.id = t.id;

  -- The next rank's leg figures for each parent below the top rank.
  drop table if exists pg_temp.cx_next;
  create temporary table cx_next on commit drop as
  select c.parent as i,
         sum(least(c.gv * 10000, v_cap[p.rank + 1])) filter (where v_cap[p.rank + 1] >= 0) as capsum,
         count(*) filter (where c.gv >= v_minleg[p.rank + 1]) as qualified
    from pg_temp.cx_dist c
    join pg_temp.cx_dist p on p.i = c.parent
   where p.rank < v_r
   group by c.parent;

  drop table if exists pg_temp.cx_est;
  create temporary table cx_est on commit drop as
  with earned as (
    select l.payee as i,
           coalesce(sum(l.amount_c) filter (where l.type = 'retail'), 0) as retail,
           coalesce(sum(l.amount_c) filter (where l.type = 'unilevel'), 0) as unilevel,
           coalesce(sum(l.amount_c) filter (where l.type = 'leadership'), 0) as leadership,
           coalesce(sum(l.amount_c) filter (where l.type = 'matching'), 0) as matching,
           coalesce(sum(l.amount_c) filter (where l.type = 'fast_start'), 0) as fast_start,
           coalesce(sum(l.amount_c) filter (where l.type = 'rank_bonus'), 0) as rank_bonus,
           coalesce(sum(l.amount_c) filter (where l.type = 'car_bonus'), 0) as car_bonus,
           sum(l.amount_c) as total
      from pg_temp.cx_ledger l
     group by l.payee
  )
  select c.user_id as distributor_id, c.pv / 100.0 as personal_pv, c.gv / 100.0 as group_pv,
         c.rb / 100.0 as retail_base, v_ranks[nullif(c.rank, 0)] as paid_as_rank_id, c.legs as leg_count,
         v_ranks[c.rank + 1] as next_rank_id,
         case when c.rank < v_r then
           round(case when v_cap[c.rank + 1] < 0 then c.gv * 10000 else c.pv * 10000 + coalesce(x.capsum, 0) end
                 / 1000000.0, 2) end as next_capped_gv,
         case when c.rank < v_r then coalesce(x.qualified, 0)::integer end as next_qualified_legs,
         coalesce(e.retail, 0) / 100.0 as retail, coalesce(e.unilevel, 0) / 100.0 as unilevel,
         coalesce(e.leadership, 0) / 100.0 as leadership, coalesce(e.matching, 0) / 100.0 as matching,
         coalesce(e.fast_start, 0) / 100.0 as fast_start, coalesce(e.rank_bonus, 0) / 100.0 as rank_bonus,
         coalesce(e.car_bonus, 0) / 100.0 as car_bonus, coalesce(e.total, 0) / 100.0 as total
    from pg_temp.cx_dist c
    left join earned e on e.i = c.i
    left join pg_temp.cx_next x on x.i = c.i
   where c.gv <> 0 or e.i is not null;

  delete from public.period_estimates e
   where e.period_id = p_period_id
     and not exists (select from pg_temp.cx_est n where n.distributor_id = e.distributor_id);
  get diagnostics v_del = row_count;
  update public.period_estimates e
     set personal_pv = n.personal_pv, group_pv = n.group_pv, retail_base = n.retail_base,
         paid_as_rank_id = n.paid_as_rank_id, leg_count = n.leg_count, next_rank_id = n.next_rank_id,
         next_capped_gv = n.next_capped_gv, next_qualified_legs = n.next_qualified_legs,
         retail = n.retail, unilevel = n.unilevel, leadership = n.leadership, matching = n.matching,
         fast_start = n.fast_start, rank_bonus = n.rank_bonus, car_bonus = n.car_bonus, total = n.total
    from pg_temp.cx_est n
   where e.period_id = p_period_id and e.distributor_id = n.distributor_id
     and (e.personal_pv, e.group_pv, e.retail_base, e.paid_as_rank_id, e.leg_count, e.next_rank_id,
          e.next_capped_gv, e.next_qualified_legs, e.retail, e.unilevel, e.leadership, e.matching,
          e.fast_start, e.rank_bonus, e.car_bonus, e.total)
         is distinct from
         (n.personal_pv, n.group_pv, n.retail_base, n.paid_as_rank_id, n.leg_count, n.next_rank_id,
          n.next_capped_gv, n.next_qualified_legs, n.retail, n.unilevel, n.leadership, n.matching,
          n.fast_start, n.rank_bonus, n.car_bonus, n.total);
  get diagnostics v_upd = row_count;
  insert into public.period_estimates
    (period_id, distributor_id, personal_pv, group_pv, retail_base, paid_as_rank_id, leg_count, next_rank_id,
     next_capped_gv, next_qualified_legs, retail, unilevel, leadership, matching, fast_start, rank_bonus,
     car_bonus, total)
  select p_period_id, n.distributor_id, n.personal_pv, n.group_pv, n.retail_base, n.paid_as_rank_id, n.leg_count,
         n.next_rank_id, n.next_capped_gv, n.next_qualified_legs, n.retail, n.unilevel, n.leadership, n.matching,
         n.fast_start, n.rank_bonus, n.car_bonus, n.total
    from pg_temp.cx_est n
   where not exists (select from public.period_estimates e
                      where e.period_id = p_period_id and e.distributor_id = n.distributor_id)
   order by n.distributor_id;
  get diagnostics v_ins = row_count;

  insert into private.period_estimate_runs as r (period_id, computed_at, seconds, distributors, rows_changed)
  values (p_period_id, public.app_now(), private.seconds_since(v_started), (v_compute ->> 'distributors')::integer,
          v_del + v_upd + v_ins)
  on conflict (period_id) do update
     set computed_at = excluded.computed_at, seconds = excluded.seconds,
         distributors = excluded.distributors, rows_changed = excluded.rows_changed;

  return jsonb_build_object('period_id', p_period_id, 'inserted', v_ins, 'updated', v_upd, 'deleted', v_del,
                            'seconds', private.seconds_since(v_started));
end
$$;
alter function private.period_estimate(text) owner to mlm_definer;
revoke all on function private.period_estimate(text) from public;
comment on function private.period_estimate(text) is
  '"If the period closed now" for an open period: the close''s engine over the events so far, '
  'written to public.period_estimates; skips (null) a period not open or whose refresh or close is '
  'running. For api.estimates_refresh.';
