-- Step 8 of private.period_compute: leadership (compensation-plan.md
-- section 4). From the source itself up, each node whose leadership rate
-- beats the highest seen so far takes the difference on the source's PV
-- (the level is the distance in the sponsor tree). The path follows
-- p_fpos (the first node from the source up with a rate) and p_nh (each
-- such node's nearest strict ancestor with a higher rate): at most one hop
-- per distinct rate. Rows go into pg_temp.cx_ledger.
create or replace function private.period_compute_leadership(
  p_n integer, p_uid uuid[], p_pv int8[], p_dep int4[], p_fpos int4[], p_nh int4[], p_nrate int8[])
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  insert into pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level, rate_u, base_c, amount_c)
  with recursive l (s, x, m) as (
    select g, p_fpos[g], 0::int8 from generate_series(1, p_n) g where p_pv[g] <> 0 and p_fpos[g] > 0
    union all
    select l.s, p_nh[l.x], p_nrate[l.x] from l where p_nh[l.x] > 0
  )
  select l.x, l.s, p_uid[l.x], p_uid[l.s], 'leadership', p_dep[l.s] - p_dep[l.x], p_nrate[l.x] - l.m, p_pv[l.s], t.amount
    from l
    cross join lateral (select private.commission_cents(p_pv[l.s], p_nrate[l.x] - l.m) as amount) t
   where t.amount <> 0;
end
$$;
comment on function private.period_compute_leadership(integer, uuid[], int8[], int4[], int4[],
  int4[], int8[]) is
  'Step 8 of the plan v1 engine (private.period_compute): leadership rows (each upline whose paid-as rank''s rate beats the highest below it takes the difference on the source''s PV) into pg_temp.cx_ledger.';
revoke all on function private.period_compute_leadership(integer, uuid[], int8[], int4[], int4[], int4[], int8[]) from public;
grant execute on function private.period_compute_leadership(integer, uuid[], int8[], int4[], int4[], int4[], int8[]) to mlm_definer;
