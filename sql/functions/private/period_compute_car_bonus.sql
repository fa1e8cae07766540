-- Step 10d of private.period_compute: car bonus (compensation-plan.md
-- section 4): paid when the previous period (p_prev) is finalized and the
-- distributor's paid-as rank has a car bonus both then and now: the lower
-- of the two. p_rk: paid-as rank index by node; p_car (cents) by rank
-- index. Rows go into pg_temp.cx_ledger.
create or replace function private.period_compute_car_bonus(p_prev text, p_rk int4[], p_car int8[])
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  if not exists (select from unnest(p_car) c0 where c0 > 0)
     or not exists (select from public.commission_periods cp where cp.id = p_prev and cp.status = 'finalized') then
    return;
  end if;
  insert into pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level, rate_u, base_c, amount_c)
  select c.i, c.i, c.user_id, c.user_id, 'car_bonus', 0, 1000000, t.amount, t.amount
    from pg_temp.cx_node c
    join public.period_volumes pv on pv.period_id = p_prev and pv.distributor_id = c.user_id
    join public.ranks r on r.id = pv.paid_as_rank_id and r.car_bonus > 0
    cross join lateral (select least(p_car[p_rk[c.i]], (r.car_bonus * 100)::int8) as amount) t
   where p_rk[c.i] > 0 and p_car[p_rk[c.i]] > 0;
end
$$;
comment on function private.period_compute_car_bonus(text, int4[], int8[]) is
  'Step 10 of the plan v1 engine (private.period_compute): car-bonus rows (paid-as ranks with a car bonus this period and in the finalized period before: the lower amount) into pg_temp.cx_ledger.';
revoke all on function private.period_compute_car_bonus(text, int4[], int8[]) from public;
grant execute on function private.period_compute_car_bonus(text, int4[], int8[]) to mlm_definer;
