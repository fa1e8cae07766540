-- Step 9 of private.period_compute: matching (compensation-plan.md section
-- 4), on each distributor's own rounded unilevel earnings (already in
-- pg_temp.cx_ledger), for qualified ancestors at compressed level
-- k <= the length of their paid-as rank's matching list. p_mrate is
-- (rank - 1) x p_m + k (period_compute_plan). Rows go into pg_temp.cx_ledger.
create or replace function private.period_compute_matching(
  p_uid uuid[], p_nqa int4[], p_rk int4[], p_m integer, p_mrate int8[], p_mlen int4[])
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  if p_m = 0 then
    return;
  end if;
  insert into pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level, rate_u, base_c, amount_c)
  with recursive earned as (
    select l.payee as e, sum(l.amount_c)::int8 as u
      from pg_temp.cx_ledger l where l.type = 'unilevel' group by l.payee having sum(l.amount_c) <> 0
  ), m (e, a, k, u) as (
    select earned.e, p_nqa[earned.e], 1, earned.u from earned where p_nqa[earned.e] > 0
    union all
    select m.e, p_nqa[m.a], m.k + 1, m.u from m where m.k < p_m and p_nqa[m.a] > 0
  )
  select m.a, m.e, p_uid[m.a], p_uid[m.e], 'matching', m.k, r.rate, m.u, t.amount
    from m
    cross join lateral (select p_mrate[(p_rk[m.a] - 1) * p_m + m.k] as rate) r
    cross join lateral (select private.commission_cents(m.u, r.rate) as amount) t
   where m.k <= p_mlen[p_rk[m.a]] and t.amount <> 0;
end
$$;
comment on function private.period_compute_matching(uuid[], int4[], int4[], integer, int8[], int4[]) is
  'Step 9 of the plan v1 engine (private.period_compute): matching rows (qualified uplines by compressed level earn their paid-as rank''s matching rate on a distributor''s unilevel earnings) into pg_temp.cx_ledger.';
revoke all on function private.period_compute_matching(uuid[], int4[], int4[], integer, int8[], int4[]) from public;
grant execute on function private.period_compute_matching(uuid[], int4[], int4[], integer, int8[], int4[]) to mlm_definer;
