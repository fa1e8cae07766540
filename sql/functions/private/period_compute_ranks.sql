-- Step 5 of private.period_compute: paid-as ranks (compensation-plan.md
-- section 3). Each rank is checked on its own and the highest passing one
-- wins; returns each node's rank index (0: unqualified), by node index.
-- Leg figures (the capped GV of the legs, the count of legs with enough
-- GV) are summed into a fresh pg_temp.cx_leg (p, k, capsum, qualified)
-- only for distributors who could hold a rank whose legs are capped or
-- counted; step 11 reads them back for the paid-as rank.
-- The arrays come from period_compute by node index (p_par, p_act, p_pv,
-- p_gv: cents) and by rank index (period_compute_plan); they are only
-- read, so they are passed without a copy.
create or replace function private.period_compute_ranks(
  p_n integer, p_par int4[], p_act boolean[], p_pv int8[], p_gv int8[],
  p_minpv int8[], p_mingv int8[], p_minlegs int4[], p_minleg int8[], p_cap int8[])
returns int4[]
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_r         integer := cardinality(p_minpv);
  v_minpv_any int8;
  v_rk        int4[];
begin
  select min(x0) into v_minpv_any from unnest(p_minpv) x0;
  drop table if exists pg_temp.cx_leg;
  create temporary table cx_leg (p int4 not null, k int4 not null, capsum int8, qualified int4) on commit drop;
  insert into pg_temp.cx_leg (p, k, capsum, qualified)
  select c.p, k.k,
         sum(least(p_gv[c.c] * 10000, p_cap[k.k])) filter (where p_cap[k.k] >= 0),
         (count(*) filter (where p_gv[c.c] >= p_minleg[k.k]))::int4
    from (select g as c, p_par[g] as p from generate_series(1, p_n) g
           where p_par[g] > 0 and p_act[p_par[g]] and p_pv[p_par[g]] >= v_minpv_any) c
    join generate_series(1, v_r) k (k)
      on p_pv[c.p] >= p_minpv[k.k] and (p_cap[k.k] >= 0 or p_minlegs[k.k] > 0)
   group by c.p, k.k;
  select coalesce(array_agg(coalesce(q.k, 0) order by g.g), '{}')
    into v_rk
    from generate_series(1, p_n) g (g)
    left join (
      select c.i, max(k.k) as k
        from generate_series(1, p_n) c (i)
        join generate_series(1, v_r) k (k) on p_pv[c.i] >= p_minpv[k.k]
        left join pg_temp.cx_leg l on l.p = c.i and l.k = k.k
       where p_act[c.i] and p_pv[c.i] >= v_minpv_any
         and case when p_cap[k.k] < 0 then p_gv[c.i] >= p_mingv[k.k]
                  else p_pv[c.i] * 10000 + coalesce(l.capsum, 0) >= p_mingv[k.k] * 10000 end
         and coalesce(l.qualified, 0) >= p_minlegs[k.k]
       group by c.i
    ) q on q.i = g.g;
  return v_rk;
end
$$;
comment on function private.period_compute_ranks(integer, int4[], boolean[], int8[], int8[],
  int8[], int8[], int4[], int8[], int8[]) is
  'Step 5 of the plan v1 engine (private.period_compute): each distributor''s paid-as rank (the highest rank whose PV, GV with capped legs and qualified-leg requirements it meets; 0 unqualified), with the leg figures in pg_temp.cx_leg.';
revoke all on function private.period_compute_ranks(integer, int4[], boolean[], int8[], int8[], int8[], int8[], int4[], int8[], int8[]) from public;
grant execute on function private.period_compute_ranks(integer, int4[], boolean[], int8[], int8[], int8[], int8[], int4[], int8[], int8[]) to mlm_definer;
