-- Plan v1 (compensation-plan.md sections 2-4) for one period, computed into
-- temporary tables; nothing else is written here. The close
-- (private.period_close) turns the result into ledger rows, period_volumes
-- and totals; the estimate (private.period_estimate) into "if the period
-- closed now" figures. One engine for both, so an estimate is what a close
-- would pay.
--
-- How (integer arithmetic throughout, so every figure is exact):
--   * Money and volume are int8 cents, rates int8 millionths; an amount is
--     round(base x rate, 2) half away from zero, computed per row in
--     integers: (cents x micro +- 500000) / 1000000.
--   * Distributors get an index 1..n in user_id order (pg_temp.cx_node
--     keeps the uuids);
--     the sponsor tree is int4 arrays walked by PL/pgSQL loops, in place
--     (fixed-width arrays in PL/pgSQL are expanded: an element read or
--     write is O(1); numeric[] would copy, and one UPDATE per level would
--     rewrite rows).
--       pass 1  an order with every sponsor before its recruits, and each
--               node's depth (memoised walk up; refuses a cycle);
--       pass 2  GV bottom-up (children before parents), frontline counts;
--       ranks   one set-based query over the legs (caps, leg counts);
--       pass 3  top-down pointers: the nearest qualified ancestor (dynamic
--               compression), the first node from here up with a
--               leadership rate, and each such node's next higher-rate
--               ancestor;
--       then each commission type is one set-based INSERT whose recursive
--       part follows those pointers (at most L hops for unilevel, at most
--       the number of distinct rates for leadership).
--   * Progress: a NOTICE with SQLSTATE MLPRG per step (detail: JSON with
--     period, step, total, label); the close job relays them to the
--     progress table over a second connection.
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
  v_start   date;
  v_prev    text;
  v_step    integer := 0;
  -- plan: ranks by level (index 1..v_r), settings
  v_r        integer;
  v_rank_id  text[];
  v_level    int4[];
  v_minpv    int8[];   -- cents
  v_mingv    int8[];   -- cents
  v_minlegs  int4[];
  v_minleg   int8[];   -- cents
  v_cap      int8[];   -- millionths of a currency unit; -1: legs not capped
  v_rate     int8[];   -- leadership rate, micro
  v_udepth   int4[];
  v_mlen     int4[];
  v_m        integer;  -- longest matching_rates
  v_mrate    int8[];   -- (rank - 1) * v_m + k, micro
  v_bonus    int8[];   -- cents
  v_car      int8[];   -- cents
  v_uni      int8[];   -- unilevel rate by compressed level, micro
  v_l        integer;
  v_retail   int8;
  v_fs_rate  int8;
  v_fs_days  integer;
  v_minpv_any int8;
  v_bonus_from integer;
  -- tree, by node index
  v_n      integer;
  v_uid    uuid[];
  v_par    int4[];
  v_act    boolean[];
  v_pv     int8[];
  v_gv     int8[];
  v_ord    int4[];
  v_dep    int4[];
  v_stack  int4[];
  v_legs   int4[];
  v_rk     int4[];
  v_nrate  int8[];
  v_nqa    int4[];
  v_fpos   int4[];
  v_nh     int4[];
  v_check  int4[];
  i integer; j integer; p integer; x integer; sp integer; d integer; pos integer;
  v_total_pv int8;
  v_breakage int8;
  v_rows     bigint;
begin
  if p_purpose not in ('close', 'estimate') then
    raise exception 'period_compute: purpose must be close or estimate, not %', p_purpose;
  end if;
  v_start := to_date(p_period_id, 'YYYY-MM');
  v_prev := to_char(v_start - interval '1 month', 'YYYY-MM');

  -- 1. Plan data, validated (the plan_settings and ranks checks refuse bad
  -- values on entry; this is the last line of defence).
  v_step := 1;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Reading the plan');
  select count(*)::integer,
         array_agg(r.id::text order by r.level),
         array_agg(r.level order by r.level),
         array_agg((r.min_personal_pv * 100)::int8 order by r.level),
         array_agg((r.min_group_pv * 100)::int8 order by r.level),
         array_agg(r.min_legs order by r.level),
         array_agg((r.min_leg_volume * 100)::int8 order by r.level),
         array_agg(coalesce((r.max_leg_share * r.min_group_pv * 1000000)::int8, -1) order by r.level),
         array_agg((r.commission_rate * 1000000)::int8 order by r.level),
         array_agg(r.unilevel_depth order by r.level),
         array_agg(coalesce(cardinality(r.matching_rates), 0) order by r.level),
         coalesce(max(cardinality(r.matching_rates)), 0),
         array_agg((r.rank_bonus * 100)::int8 order by r.level),
         array_agg((r.car_bonus * 100)::int8 order by r.level)
    into v_r, v_rank_id, v_level, v_minpv, v_mingv, v_minlegs, v_minleg, v_cap, v_rate, v_udepth,
         v_mlen, v_m, v_bonus, v_car
    from public.ranks r
   where r.is_active;
  if v_r = 0 then
    raise exception using errcode = 'MLVAL', column = 'ranks',
      message = 'The plan has no active rank: add or activate one before closing a period.';
  end if;
  select coalesce(array_agg(coalesce((r.matching_rates[m.k] * 1000000)::int8, 0) order by r.level, m.k), '{}')
    into v_mrate
    from public.ranks r
    cross join generate_series(1, v_m) m (k)
   where r.is_active;
  select min(x0) into v_minpv_any from unnest(v_minpv) x0;
  select min(k) into v_bonus_from from generate_subscripts(v_bonus, 1) k where v_bonus[k] > 0;

  v_retail := private.plan_rate('retail_rate');
  v_fs_rate := private.plan_rate('fast_start_rate');
  v_fs_days := private.plan_integer('fast_start_days');
  v_uni := private.plan_rates('unilevel_rates');
  v_l := coalesce(cardinality(v_uni), 0);

  -- 2. Distributors and their volume events of the period, one statement
  -- (one snapshot). Fast start: the PV of events whose order was paid
  -- fewer than fast_start_days days after the distributor joined.
  v_timings := v_timings || jsonb_build_object('plan', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();
  v_step := 2;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Reading distributors and volume');
  drop table if exists pg_temp.cx_node;
  create temporary table cx_node (
    i int4 not null, user_id uuid not null, parent int4 not null, active boolean not null,
    pv int8 not null, rb int8 not null, fs int8 not null,
    gv int8, depth int4, rank int4, legs int4, capped_gv int8, qualified_legs int4
  ) on commit drop;
  insert into pg_temp.cx_node (i, user_id, parent, active, pv, rb, fs)
  with d as materialized (
    -- Numbered in user_id order: rows sorted by these numbers are sorted by
    -- uuid, which is what the ledger's and period_volumes' indexes want,
    -- without sorting millions of rows by uuid later.
    select dd.user_id, dd.sponsor_id, dd.status, dd.join_date, (row_number() over (order by dd.user_id))::int4 as i
      from public.distributors dd
  ), ev as (
    select e.distributor_id,
           sum(e.pv) as pv,
           sum(e.retail_base) as rb,
           coalesce(sum(e.pv) filter (where (e.order_paid_at at time zone 'UTC')::date - d.join_date < v_fs_days), 0) as fs
      from public.volume_events e
      join d on d.user_id = e.distributor_id
     where e.period_id = p_period_id
     group by e.distributor_id
  )
  select d.i, d.user_id, coalesce(s.i, 0), d.status = 'active',
         coalesce((ev.pv * 100)::int8, 0), coalesce((ev.rb * 100)::int8, 0), coalesce((ev.fs * 100)::int8, 0)
    from d
    left join d s on s.user_id = d.sponsor_id
    left join ev on ev.distributor_id = d.user_id
   order by d.i;
  get diagnostics v_rows = row_count;
  v_n := v_rows;
  -- The table was filled in index order and is read back in its physical
  -- order (a fresh temporary table, no parallel scan): array position = i,
  -- which v_check verifies.
  select coalesce(array_agg(c.i), '{}'), coalesce(array_agg(c.user_id), '{}'), coalesce(array_agg(c.parent), '{}'),
         coalesce(array_agg(c.active), '{}'), coalesce(array_agg(c.pv), '{}')
    into v_check, v_uid, v_par, v_act, v_pv
    from pg_temp.cx_node c;
  if v_n > 0 and (v_check[1] <> 1 or v_check[v_n] <> v_n
                  or v_check <> array(select generate_series(1, v_n))) then
    raise exception 'period_compute: distributor index out of order';
  end if;
  v_check := null;

  -- 3. Pass 1: sponsors before recruits (v_ord) and depths.
  v_timings := v_timings || jsonb_build_object('load', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();
  v_step := 3;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Ordering the sponsor tree');
  v_dep := array_fill(-1, array[greatest(v_n, 1)]);
  v_ord := array_fill(0, array[greatest(v_n, 1)]);
  v_stack := array_fill(0, array[64]);
  pos := 0;
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

  -- 4. Pass 2: GV bottom-up, frontline counts.
  v_timings := v_timings || jsonb_build_object('order', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();
  v_step := 4;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Group volume');
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

  -- 5. Paid-as ranks (section 3): each rank checked on its own, the
  -- highest passing one wins. Leg figures only for distributors who could
  -- hold a rank whose legs are capped or counted.
  v_timings := v_timings || jsonb_build_object('group_volume', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();
  v_step := 5;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Paid-as ranks');
  drop table if exists pg_temp.cx_leg;
  create temporary table cx_leg (p int4 not null, k int4 not null, capsum int8, qualified int4) on commit drop;
  insert into pg_temp.cx_leg (p, k, capsum, qualified)
  select c.p, k.k,
         sum(least(v_gv[c.c] * 10000, v_cap[k.k])) filter (where v_cap[k.k] >= 0),
         (count(*) filter (where v_gv[c.c] >= v_minleg[k.k]))::int4
    from (select g as c, v_par[g] as p from generate_series(1, v_n) g
           where v_par[g] > 0 and v_act[v_par[g]] and v_pv[v_par[g]] >= v_minpv_any) c
    join generate_series(1, v_r) k (k)
      on v_pv[c.p] >= v_minpv[k.k] and (v_cap[k.k] >= 0 or v_minlegs[k.k] > 0)
   group by c.p, k.k;
  select coalesce(array_agg(coalesce(q.k, 0) order by g.g), '{}')
    into v_rk
    from generate_series(1, v_n) g (g)
    left join (
      select c.i, max(k.k) as k
        from generate_series(1, v_n) c (i)
        join generate_series(1, v_r) k (k) on v_pv[c.i] >= v_minpv[k.k]
        left join pg_temp.cx_leg l on l.p = c.i and l.k = k.k
       where v_act[c.i] and v_pv[c.i] >= v_minpv_any
         and case when v_cap[k.k] < 0 then v_gv[c.i] >= v_mingv[k.k]
                  else v_pv[c.i] * 10000 + coalesce(l.capsum, 0) >= v_mingv[k.k] * 10000 end
         and coalesce(l.qualified, 0) >= v_minlegs[k.k]
       group by c.i
    ) q on q.i = g.g;

  -- 6. Pass 3, top-down: nearest qualified strict ancestor (compression),
  -- first node from here up with a leadership rate > 0, and for such a
  -- node its nearest strict ancestor with a higher rate.
  v_timings := v_timings || jsonb_build_object('ranks', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();
  v_step := 6;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Compression and leadership paths');
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

  -- 7. Unilevel: each qualified ancestor at compressed level k <= L takes
  -- a level; it is paid when k <= its rank's unilevel_depth.
  v_timings := v_timings || jsonb_build_object('paths', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();
  v_step := 7;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Unilevel');
  drop table if exists pg_temp.cx_ledger;
  create temporary table cx_ledger (
    payee int4 not null, source int4 not null, payee_id uuid not null, source_id uuid not null,
    type public.commission_type not null, level int4 not null,
    rate_u int8 not null, base_c int8 not null, amount_c int8 not null
  ) on commit drop;
  insert into pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level, rate_u, base_c, amount_c)
  with recursive u (s, a, k) as (
    select g, v_nqa[g], 1 from generate_series(1, v_n) g where v_pv[g] <> 0 and v_nqa[g] > 0 and v_l > 0
    union all
    select u.s, v_nqa[u.a], u.k + 1 from u where u.k < v_l and v_nqa[u.a] > 0
  )
  select u.a, u.s, v_uid[u.a], v_uid[u.s], 'unilevel', u.k, v_uni[u.k], v_pv[u.s], t.amount
    from u
    cross join lateral (select v_pv[u.s] * v_uni[u.k] as x) b
    cross join lateral (select case when b.x >= 0 then (b.x + 500000) / 1000000
                                    else (b.x - 500000) / 1000000 end as amount) t
   where u.k <= v_udepth[v_rk[u.a]] and t.amount <> 0;

  -- Breakage: every source's L levels rounded as if paid, minus what was
  -- paid; sources grouped by PV (the same PV rounds the same way).
  select coalesce(sum(g.n * t.amount), 0) into v_breakage
    from (select v_pv[s] as pv, count(*) as n from generate_series(1, v_n) s where v_pv[s] <> 0 group by 1) g
    cross join generate_series(1, v_l) k (k)
    cross join lateral (select g.pv * v_uni[k.k] as x) b
    cross join lateral (select case when b.x >= 0 then (b.x + 500000) / 1000000
                                    else (b.x - 500000) / 1000000 end as amount) t;
  v_breakage := v_breakage - coalesce((select sum(l.amount_c) from pg_temp.cx_ledger l where l.type = 'unilevel'), 0);

  -- 8. Leadership: from the source itself up, each node whose rate beats
  -- the highest seen so far takes the difference.
  v_timings := v_timings || jsonb_build_object('unilevel', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();
  v_step := 8;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Leadership');
  insert into pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level, rate_u, base_c, amount_c)
  with recursive l (s, x, m) as (
    select g, v_fpos[g], 0::int8 from generate_series(1, v_n) g where v_pv[g] <> 0 and v_fpos[g] > 0
    union all
    select l.s, v_nh[l.x], v_nrate[l.x] from l where v_nh[l.x] > 0
  )
  select l.x, l.s, v_uid[l.x], v_uid[l.s], 'leadership', v_dep[l.s] - v_dep[l.x], v_nrate[l.x] - l.m, v_pv[l.s], t.amount
    from l
    cross join lateral (select v_pv[l.s] * (v_nrate[l.x] - l.m) as x) b
    cross join lateral (select case when b.x >= 0 then (b.x + 500000) / 1000000
                                    else (b.x - 500000) / 1000000 end as amount) t
   where t.amount <> 0;

  -- 9. Matching: on each distributor's own (rounded) unilevel earnings,
  -- for qualified ancestors at compressed level k <= their rank's list.
  v_timings := v_timings || jsonb_build_object('leadership', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();
  v_step := 9;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Matching');
  if v_m > 0 then
    insert into pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level, rate_u, base_c, amount_c)
    with recursive earned as (
      select l.payee as e, sum(l.amount_c)::int8 as u
        from pg_temp.cx_ledger l where l.type = 'unilevel' group by l.payee having sum(l.amount_c) <> 0
    ), m (e, a, k, u) as (
      select earned.e, v_nqa[earned.e], 1, earned.u from earned where v_nqa[earned.e] > 0
      union all
      select m.e, v_nqa[m.a], m.k + 1, m.u from m where m.k < v_m and v_nqa[m.a] > 0
    )
    select m.a, m.e, v_uid[m.a], v_uid[m.e], 'matching', m.k, r.rate, m.u, t.amount
      from m
      cross join lateral (select v_mrate[(v_rk[m.a] - 1) * v_m + m.k] as rate) r
      cross join lateral (select m.u * r.rate as x) b
      cross join lateral (select case when b.x >= 0 then (b.x + 500000) / 1000000
                                      else (b.x - 500000) / 1000000 end as amount) t
     where m.k <= v_mlen[v_rk[m.a]] and t.amount <> 0;
  end if;

  -- 10. Retail (active, no rank needed), fast start (to an active
  -- sponsor), rank bonus (ranks crossed above the best earlier paid-as
  -- rank), car bonus (this month and last, both with a car bonus).
  v_timings := v_timings || jsonb_build_object('matching', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();
  v_step := 10;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Retail, fast start and bonuses');
  insert into pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level, rate_u, base_c, amount_c)
  select c.i, c.i, c.user_id, c.user_id, 'retail', 0, v_retail, c.rb, t.amount
    from pg_temp.cx_node c
    cross join lateral (select c.rb * v_retail as x) b
    cross join lateral (select case when b.x >= 0 then (b.x + 500000) / 1000000
                                    else (b.x - 500000) / 1000000 end as amount) t
   where c.rb <> 0 and c.active and t.amount <> 0;

  insert into pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level, rate_u, base_c, amount_c)
  select c.parent, c.i, v_uid[c.parent], c.user_id, 'fast_start', 1, v_fs_rate, c.fs, t.amount
    from pg_temp.cx_node c
    cross join lateral (select c.fs * v_fs_rate as x) b
    cross join lateral (select case when b.x >= 0 then (b.x + 500000) / 1000000
                                    else (b.x - 500000) / 1000000 end as amount) t
   where c.fs <> 0 and c.parent > 0 and v_act[c.parent] and t.amount <> 0;

  if v_bonus_from is not null then
    insert into pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level, rate_u, base_c, amount_c)
    select c.i, c.i, c.user_id, c.user_id, 'rank_bonus', v_level[k.k], 1000000, v_bonus[k.k], v_bonus[k.k]
      from pg_temp.cx_node c
      left join lateral (
        select max(r.level) as level
          from public.period_volumes pv
          join public.commission_periods cp on cp.id = pv.period_id and cp.status in ('closed', 'finalized')
          join public.ranks r on r.id = pv.paid_as_rank_id
         where pv.distributor_id = c.user_id and pv.period_id < p_period_id
      ) h on true
      join generate_series(1, v_r) k (k)
        on v_bonus[k.k] > 0 and v_level[k.k] > coalesce(h.level, 0) and v_level[k.k] <= v_level[v_rk[c.i]]
     where v_rk[c.i] >= v_bonus_from;
  end if;

  if exists (select from unnest(v_car) c0 where c0 > 0)
     and exists (select from public.commission_periods cp where cp.id = v_prev and cp.status = 'finalized') then
    insert into pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level, rate_u, base_c, amount_c)
    select c.i, c.i, c.user_id, c.user_id, 'car_bonus', 0, 1000000, t.amount, t.amount
      from pg_temp.cx_node c
      join public.period_volumes pv on pv.period_id = v_prev and pv.distributor_id = c.user_id
      join public.ranks r on r.id = pv.paid_as_rank_id and r.car_bonus > 0
      cross join lateral (select least(v_car[v_rk[c.i]], (r.car_bonus * 100)::int8) as amount) t
     where v_rk[c.i] > 0 and v_car[v_rk[c.i]] > 0;
  end if;

  -- 11. Per distributor figures back into cx_node.
  v_timings := v_timings || jsonb_build_object('other_types', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();
  v_step := 11;
  perform private.period_progress(p_period_id, p_purpose, v_step, c_steps, 'Per-distributor figures');
  drop table if exists pg_temp.cx_dist;
  create temporary table cx_dist (
    i int4 not null, user_id uuid not null, parent int4 not null, active boolean not null,
    pv int8 not null, rb int8 not null, gv int8 not null, depth int4 not null, rank int4 not null,
    legs int4 not null, capped_gv int8, qualified_legs int4 not null
  ) on commit drop;
  insert into pg_temp.cx_dist
  select c.i, c.user_id, c.parent, c.active, c.pv, c.rb, v_gv[c.i], v_dep[c.i], v_rk[c.i], v_legs[c.i],
         case when v_rk[c.i] = 0 then null
              when v_cap[v_rk[c.i]] < 0 then v_gv[c.i] * 10000
              else v_pv[c.i] * 10000 + coalesce(l.capsum, 0) end,
         coalesce(l.qualified, 0)
    from pg_temp.cx_node c
    left join pg_temp.cx_leg l on l.p = c.i and l.k = v_rk[c.i];
  select coalesce(sum(c.pv), 0) into v_total_pv from pg_temp.cx_dist c;
  v_timings := v_timings || jsonb_build_object('figures', private.seconds_since(v_mark)); v_mark := pg_catalog.clock_timestamp();

  return jsonb_build_object(
    'period_id', p_period_id,
    'distributors', v_n,
    'ranks', to_jsonb(v_rank_id),
    'total_pv_cents', v_total_pv,
    'breakage_cents', v_breakage,
    'computed_rows', (select count(*) from pg_temp.cx_ledger),
    'seconds', jsonb_build_object('compute', private.seconds_since(v_started), 'steps', v_timings),
    'steps_done', v_step, 'steps_total', c_steps);
end
$$;
alter function private.period_compute(text, text) owner to mlm_definer;
revoke all on function private.period_compute(text, text) from public;
