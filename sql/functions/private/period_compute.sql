-- Plan v1 (compensation-plan.md sections 2-4) for one period, computed into
-- temporary tables; nothing else is written here. The close
-- (private.period_close) turns the result into ledger rows, period_volumes
-- and totals; the estimate (private.period_estimate) into "if the period
-- closed now" figures. One engine for both, so an estimate is what a close
-- would pay.
--
-- How (integer arithmetic throughout, so every figure is exact):
--   * Money and volume are int8 cents, rates int8 millionths; every amount
--     is private.commission_cents(base, rate): round(base x rate, 2), half
--     away from zero, the one rounding rule, inlined into each insert.
--   * Distributors get an index 1..n in user_id order (pg_temp.cx_node
--     keeps the uuids); the sponsor tree is int4 arrays walked by PL/pgSQL
--     loops, in place (fixed-width arrays in PL/pgSQL are expanded: an
--     element read or write is O(1); numeric[] would copy, and one UPDATE
--     per level would rewrite rows).
--
-- The steps, in order (each reports progress, each is timed):
--    1 plan            private.period_compute_plan
--    2 load            private.period_compute_load, then the arrays (block
--                      read_tree)
--    3 order           block sponsor_order: every sponsor before its
--                      recruits, and each node's depth (memoised walk up;
--                      refuses a cycle, MLCYC)
--    4 group_volume    block group_volume: GV bottom-up, frontline counts
--    5 ranks           private.period_compute_ranks (set-based over legs)
--    6 paths           block paths: top-down pointers: the nearest qualified
--                      ancestor (dynamic compression), the first node from
--                      here up with a leadership rate, and each such node's
--                      next higher-rate ancestor
--    7 unilevel        private.period_compute_unilevel (and breakage)
--    8 leadership      private.period_compute_leadership
--    9 matching        private.period_compute_matching
--   10 other_types     private.period_compute_retail, _fast_start,
--                      _rank_bonus, _car_bonus
--   11 figures         private.period_compute_figures
-- Steps 7-10 are one set-based INSERT each whose recursive part follows
-- the pointers of step 6 (at most L hops for unilevel, at most the number
-- of distinct rates for leadership).
--
-- Why steps 3, 4 and 6 are blocks here and not functions: they write
-- several node arrays in place (step 6 four of them). A function can hand
-- back one array without a copy (the expanded array moves to the caller),
-- but several come back as a composite: each flattened, then expanded
-- again by the caller, a copy of every array per step on the hot path.
-- The step functions only read the arrays they are given (passed as
-- read-only expanded arrays: no copy) and write temporary tables or return
-- one array or a number.
--
-- Progress: a NOTICE with SQLSTATE MLPRG per step (detail: JSON with
-- period, step, total, label); the close job relays them to the progress
-- table over a second connection.
--
-- Output (temporary, dropped at commit):
--   pg_temp.cx_dist   (i, user_id, parent, active, pv, rb, gv, depth, rank,
--                      legs, capped_gv, qualified_legs): cents; capped_gv in
--                      millionths; rank = index into the returned ranks
--                      (0: unqualified);
--   pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level,
--                      rate_u, base_c, amount_c): micro rate, cents;
-- returns figures: total_pv, breakage, counts and seconds per step.
create or replace function private.period_compute(p_period_id text, p_purpose text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
set work_mem = '256MB'
set max_parallel_workers_per_gather = 0
set jit = off
-- Whole-period reads: hash joins and bitmap scans (a plain index scan of a
-- month's events in distributor order reads the heap at random).
set enable_indexscan = off
set enable_mergejoin = off
as $$
declare
  c_steps constant integer := 12;
  v_started timestamptz := pg_catalog.clock_timestamp();
  v_mark    timestamptz := pg_catalog.clock_timestamp();
  v_timings jsonb := '{}';
  v_prev    text;
  v_step    integer := 0;
  v_plan    record;   -- private.period_compute_plan(): arrays by rank index 1..r, settings
  -- tree, by node index 1..n
  v_n      integer;
  v_uid    uuid[];
  v_par    int4[];    -- sponsor's index, 0: none
  v_act    boolean[];
  v_pv     int8[];    -- cents
  v_gv     int8[];    -- cents
  v_ord    int4[];    -- node indexes, every sponsor before its recruits
  v_dep    int4[];    -- depth in the sponsor tree (a root: 0)
  v_legs   int4[];    -- frontline count
  v_rk     int4[];    -- paid-as rank index, 0: unqualified
  v_nrate  int8[];    -- leadership rate of the paid-as rank, micro
  v_nqa    int4[];    -- nearest qualified strict ancestor (compression)
  v_fpos   int4[];    -- first node from here up with a leadership rate
  v_nh     int4[];    -- for such a node: nearest strict ancestor with a higher rate
  v_total_pv int8;
  v_breakage int8;
begin
  if p_purpose not in ('close', 'estimate') then
    raise exception 'period_compute: purpose must be close or estimate, not %', p_purpose;
  end if;
  v_prev := to_char(to_date(p_period_id, 'YYYY-MM') - interval '1 month', 'YYYY-MM');

  -- 1. Plan data, validated.
  v_step := 1;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Reading the plan');
  select * into v_plan from private.period_compute_plan();
  v_timings := v_timings || jsonb_build_object('plan', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();

  -- 2. Distributors and their volume events of the period.
  v_step := 2;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Reading distributors and volume');
  v_n := private.period_compute_load(p_period_id, v_plan.fs_days);
  <<read_tree>>
  declare
    v_check int4[];
  begin
    -- cx_node was filled in index order and is read back in its physical
    -- order (a fresh temporary table, no parallel scan): array position =
    -- i, which v_check verifies.
    select coalesce(array_agg(c.i), '{}'), coalesce(array_agg(c.user_id), '{}'), coalesce(array_agg(c.parent), '{}'),
           coalesce(array_agg(c.active), '{}'), coalesce(array_agg(c.pv), '{}')
      into v_check, v_uid, v_par, v_act, v_pv
      from pg_temp.cx_node c;
    if v_n > 0 and (v_check[1] <> 1 or v_check[v_n] <> v_n
                    or v_check <> array(select generate_series(1, v_n))) then
      raise exception 'period_compute: distributor index out of order';
    end if;
    v_check := null;
  end read_tree;
  v_timings := v_timings || jsonb_build_object('load', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();

  -- 3. Pass 1: sponsors before recruits (v_ord) and depths (v_dep).
  v_step := 3;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Ordering the sponsor tree');
  <<sponsor_order>>
  declare
    v_stack int4[] := array_fill(0, array[64]);
    i integer; j integer; d integer; sp integer; pos integer := 0;
  begin
    v_dep := array_fill(-1, array[greatest(v_n, 1)]);
    v_ord := array_fill(0, array[greatest(v_n, 1)]);
    for i in 1 .. v_n loop
      continue when v_dep[i] >= 0;
      sp := 0;
      j := i;
      while j > 0 and v_dep[j] = -1 loop
        sp := sp + 1;
        v_stack[sp] := j;
        v_dep[j] := -2;        -- on the current walk
        j := v_par[j];
      end loop;
      if j > 0 and v_dep[j] = -2 then
        raise exception using errcode = 'MLCYC',
          message = format('The sponsor tree has a cycle through distributor %s: fix it before closing.', v_uid[j]);
      end if;
      d := case when j = 0 then -1 else v_dep[j] end;
      while sp > 0 loop
        j := v_stack[sp];
        sp := sp - 1;
        d := d + 1;
        v_dep[j] := d;
        pos := pos + 1;
        v_ord[pos] := j;
      end loop;
    end loop;
    v_stack := null;
  end sponsor_order;
  v_timings := v_timings || jsonb_build_object('order', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();

  -- 4. Pass 2: GV bottom-up (recruits before sponsors), frontline counts.
  v_step := 4;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Group volume');
  <<group_volume>>
  declare
    i integer; p integer;
  begin
    v_gv := v_pv;
    v_legs := array_fill(0, array[greatest(v_n, 1)]);
    for pos in reverse v_n .. 1 loop
      i := v_ord[pos];
      p := v_par[i];
      if p > 0 then
        v_gv[p] := v_gv[p] + v_gv[i];
        v_legs[p] := v_legs[p] + 1;
      end if;
    end loop;
  end group_volume;
  v_timings := v_timings || jsonb_build_object('group_volume', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();

  -- 5. Paid-as ranks (section 3).
  v_step := 5;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Paid-as ranks');
  v_rk := private.period_compute_ranks(v_n, v_par, v_act, v_pv, v_gv, v_plan.minpv, v_plan.mingv,
                                       v_plan.minlegs, v_plan.minleg, v_plan.cap);
  v_timings := v_timings || jsonb_build_object('ranks', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();

  -- 6. Pass 3, top-down (sponsors before recruits): nearest qualified
  -- strict ancestor (compression), first node from here up with a
  -- leadership rate > 0, and for such a node its nearest strict ancestor
  -- with a higher rate.
  v_step := 6;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Compression and leadership paths');
  <<paths>>
  declare
    v_rate int8[] := v_plan.rate;
    i integer; p integer; x integer;
  begin
    v_nrate := array_fill(0::int8, array[greatest(v_n, 1)]);
    v_nqa := array_fill(0, array[greatest(v_n, 1)]);
    v_fpos := array_fill(0, array[greatest(v_n, 1)]);
    v_nh := array_fill(0, array[greatest(v_n, 1)]);
    for pos in 1 .. v_n loop
      i := v_ord[pos];
      if v_rk[i] > 0 then
        v_nrate[i] := v_rate[v_rk[i]];
      end if;
      p := v_par[i];
      if p > 0 then
        if v_rk[p] > 0 then
          v_nqa[i] := p;
        else
          v_nqa[i] := v_nqa[p];
        end if;
      end if;
      if v_nrate[i] > 0 then
        v_fpos[i] := i;
        x := p;
        while x > 0 loop
          exit when v_nrate[x] > v_nrate[i];
          if v_nrate[x] > 0 then
            x := v_nh[x];      -- everything below it has a rate <= its own
          else
            x := v_fpos[x];    -- the first positive rate above x
          end if;
        end loop;
        v_nh[i] := x;
      elsif p > 0 then
        v_fpos[i] := v_fpos[p];
      end if;
    end loop;
  end paths;
  v_timings := v_timings || jsonb_build_object('paths', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();

  -- 7. Unilevel, and the breakage. cx_ledger is the engine's output.
  v_step := 7;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Unilevel');
  drop table if exists pg_temp.cx_ledger;
  create temporary table cx_ledger (
    payee int4 not null, source int4 not null, payee_id uuid not null, source_id uuid not null,
    type public.commission_type not null, level int4 not null,
    rate_u int8 not null, base_c int8 not null, amount_c int8 not null
  ) on commit drop;
  v_breakage := private.period_compute_unilevel(v_n, v_uid, v_pv, v_nqa, v_rk, v_plan.uni, v_plan.udepth);
  v_timings := v_timings || jsonb_build_object('unilevel', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();

  -- 8. Leadership.
  v_step := 8;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Leadership');
  perform private.period_compute_leadership(v_n, v_uid, v_pv, v_dep, v_fpos, v_nh, v_nrate);
  v_timings := v_timings || jsonb_build_object('leadership', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();

  -- 9. Matching (on the unilevel rows of step 7).
  v_step := 9;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Matching');
  perform private.period_compute_matching(v_uid, v_nqa, v_rk, v_plan.m, v_plan.mrate, v_plan.mlen);
  v_timings := v_timings || jsonb_build_object('matching', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();

  -- 10. Retail, fast start, rank bonus, car bonus.
  v_step := 10;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Retail, fast start and bonuses');
  perform private.period_compute_retail(v_plan.retail);
  perform private.period_compute_fast_start(v_uid, v_act, v_plan.fs_rate);
  perform private.period_compute_rank_bonus(p_period_id, v_rk, v_plan.level, v_plan.bonus);
  perform private.period_compute_car_bonus(v_prev, v_rk, v_plan.car);
  v_timings := v_timings || jsonb_build_object('other_types', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();

  -- 11. Per distributor figures into cx_dist.
  v_step := 11;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Per-distributor figures');
  v_total_pv := private.period_compute_figures(v_pv, v_gv, v_dep, v_rk, v_legs, v_plan.cap);
  v_timings := v_timings || jsonb_build_object('figures', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();

  return jsonb_build_object(
    'period_id', p_period_id,
    'distributors', v_n,
    'ranks', to_jsonb(v_plan.rank_id),
    'total_pv_cents', v_total_pv,
    'breakage_cents', v_breakage,
    'computed_rows', (select count(*) from pg_temp.cx_ledger),
    'seconds', jsonb_build_object('compute', private.seconds_since(v_started), 'steps', v_timings),
    'steps_done', v_step, 'steps_total', c_steps);
end
$$;
comment on function private.period_compute(text, text) is
  'The plan v1 engine for one period (p_purpose close or estimate): PV, GV, paid-as ranks and every commission type into pg_temp.cx_dist and pg_temp.cx_ledger, nothing else written; shared by private.period_close and private.period_estimate. Refuses MLVAL (no active rank, a bad plan setting) and MLCYC (a cycle in the sponsor tree).';
alter function private.period_compute(text, text) owner to mlm_definer;
revoke all on function private.period_compute(text, text) from public;
