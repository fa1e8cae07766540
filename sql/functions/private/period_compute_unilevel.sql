-- Step 7 of private.period_compute: unilevel (compensation-plan.md section
-- 4). Each qualified ancestor at compressed level k <= L (the number of
-- unilevel rates) takes a level of the source's PV; it is paid when k <= its
-- rank's unilevel_depth. The path follows p_nqa, each node's nearest
-- qualified strict ancestor (dynamic compression), at most L hops.
-- Rows go into pg_temp.cx_ledger. Returns the breakage in cents: every
-- source's L levels rounded as if paid, minus what was paid (sources are
-- grouped by PV: the same PV rounds the same way).
create or replace function private.period_compute_unilevel(
  p_n integer, p_uid uuid[], p_pv int8[], p_nqa int4[], p_rk int4[], p_uni int8[], p_udepth int4[])
returns bigint
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_l        integer := coalesce(cardinality(p_uni), 0);
  v_breakage bigint;
begin
  insert into pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level, rate_u, base_c, amount_c)
  with recursive u (s, a, k) as (
    select g, p_nqa[g], 1 from generate_series(1, p_n) g where p_pv[g] <> 0 and p_nqa[g] > 0 and v_l > 0
    union all
    select u.s, p_nqa[u.a], u.k + 1 from u where u.k < v_l and p_nqa[u.a] > 0
  )
  select u.a, u.s, p_uid[u.a], p_uid[u.s], 'unilevel', u.k, p_uni[u.k], p_pv[u.s], t.amount
    from u
    cross join lateral (select private.commission_cents(p_pv[u.s], p_uni[u.k]) as amount) t
   where u.k <= p_udepth[p_rk[u.a]] and t.amount <> 0;

  select coalesce(sum(g.n * t.amount), 0) into v_breakage
    from (select p_pv[s] as pv, count(*) as n from generate_series(1, p_n) s where p_pv[s] <> 0 group by 1) g
    cross join generate_series(1, v_l) k (k)
    cross join lateral (select private.commission_cents(g.pv, p_uni[k.k]) as amount) t;
  return v_breakage - coalesce((select sum(l.amount_c) from pg_temp.cx_ledger l where l.type = 'unilevel'), 0);
end
$$;
comment on function private.period_compute_unilevel(integer, uuid[], int8[], int4[], int4[],
  int8[], int4[]) is
  'Step 7 of the plan v1 engine (private.period_compute): unilevel rows (qualified uplines by compressed level, each within its paid-as rank''s depth) into pg_temp.cx_ledger; returns the breakage in cents.';
revoke all on function private.period_compute_unilevel(integer, uuid[], int8[], int4[], int4[], int8[], int4[]) from public;
grant execute on function private.period_compute_unilevel(integer, uuid[], int8[], int4[], int4[], int8[], int4[]) to mlm_definer;
