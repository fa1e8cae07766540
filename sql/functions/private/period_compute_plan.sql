-- Step 1 of private.period_compute: the plan it computes with, as integer
-- arrays indexed by rank (1..r, the active ranks by level) plus the
-- plan-wide settings: cents for money and volume, millionths for rates.
-- The plan_settings and ranks checks refuse bad values on entry; this is
-- the last line of defence (MLVAL: no active rank, a setting missing or
-- malformed).
--   cap      millionths of a currency unit a leg may add (max_leg_share x
--            min_group_pv); -1: legs not capped
--   mrate    matching rates, (rank - 1) x m + k for level k <= m (the
--            longest list), 0 past a rank's own list
--   uni      unilevel rate by compressed level (1..cardinality)
create or replace function private.period_compute_plan(
  out r integer, out rank_id text[], out level int4[], out minpv int8[], out mingv int8[],
  out minlegs int4[], out minleg int8[], out cap int8[], out rate int8[], out udepth int4[],
  out mlen int4[], out m integer, out mrate int8[], out bonus int8[], out car int8[],
  out retail int8, out fs_rate int8, out fs_days integer, out uni int8[])
language plpgsql
stable
set search_path = ''
as $$
begin
  select count(*)::integer,
         array_agg(rk.id::text order by rk.level),
         array_agg(rk.level order by rk.level),
         array_agg((rk.min_personal_pv * 100)::int8 order by rk.level),
         array_agg((rk.min_group_pv * 100)::int8 order by rk.level),
         array_agg(rk.min_legs order by rk.level),
         array_agg((rk.min_leg_volume * 100)::int8 order by rk.level),
         array_agg(coalesce((rk.max_leg_share * rk.min_group_pv * 1000000)::int8, -1) order by rk.level),
         array_agg((rk.commission_rate * 1000000)::int8 order by rk.level),
         array_agg(rk.unilevel_depth order by rk.level),
         array_agg(coalesce(cardinality(rk.matching_rates), 0) order by rk.level),
         coalesce(max(cardinality(rk.matching_rates)), 0),
         array_agg((rk.rank_bonus * 100)::int8 order by rk.level),
         array_agg((rk.car_bonus * 100)::int8 order by rk.level)
    into r, rank_id, level, minpv, mingv, minlegs, minleg, cap, rate, udepth, mlen, m, bonus, car
    from public.ranks rk
   where rk.is_active;
  if r = 0 then
    raise exception using errcode = 'MLVAL', column = 'ranks',
      message = 'The plan has no active rank: add or activate one before closing a period.';
  end if;
  select coalesce(array_agg(coalesce((rk.matching_rates[mk.k] * 1000000)::int8, 0) order by rk.level, mk.k), '{}')
    into mrate
    from public.ranks rk
    cross join generate_series(1, m) mk (k)
   where rk.is_active;

  retail := private.plan_rate('retail_rate');
  fs_rate := private.plan_rate('fast_start_rate');
  fs_days := private.plan_integer('fast_start_days');
  uni := private.plan_rates('unilevel_rates');
end
$$;
comment on function private.period_compute_plan() is
  'Step 1 of the plan v1 engine (private.period_compute): the active ranks by level and the plan-wide settings as integer arrays (cents, millionths). Refuses MLVAL when no rank is active or a setting is missing or malformed.';
revoke all on function private.period_compute_plan() from public;
grant execute on function private.period_compute_plan() to mlm_definer;
