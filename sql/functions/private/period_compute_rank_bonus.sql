-- Step 10c of private.period_compute: rank bonus (compensation-plan.md
-- section 4): a distributor paid as a rank higher than its best paid-as
-- rank of any earlier closed or finalized period earns the bonus of every
-- rank crossed on the way up (those with a bonus). p_rk: paid-as rank
-- index by node; p_level, p_bonus (cents) by rank index. Rows go into
-- pg_temp.cx_ledger.
create or replace function private.period_compute_rank_bonus(
  p_period_id text, p_rk int4[], p_level int4[], p_bonus int8[])
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_r          integer := cardinality(p_bonus);
  v_bonus_from integer;
begin
  select min(k) into v_bonus_from from generate_subscripts(p_bonus, 1) k where p_bonus[k] > 0;
  if v_bonus_from is null then
    return;
  end if;
  insert into pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level, rate_u, base_c, amount_c)
  select c.i, c.i, c.user_id, c.user_id, 'rank_bonus', p_level[k.k], 1000000, p_bonus[k.k], p_bonus[k.k]
    from pg_temp.cx_node c
    left join lateral (
      select max(r.level) as level
        from public.period_volumes pv
        join public.commission_periods cp on cp.id = pv.period_id and cp.status in ('closed', 'finalized')
        join public.ranks r on r.id = pv.paid_as_rank_id
       where pv.distributor_id = c.user_id and pv.period_id < p_period_id
    ) h on true
    join generate_series(1, v_r) k (k)
      on p_bonus[k.k] > 0 and p_level[k.k] > coalesce(h.level, 0) and p_level[k.k] <= p_level[p_rk[c.i]]
   where p_rk[c.i] >= v_bonus_from;
end
$$;
comment on function private.period_compute_rank_bonus(text, int4[], int4[], int8[]) is
  'Step 10 of the plan v1 engine (private.period_compute): rank-bonus rows (each rank with a bonus crossed above the distributor''s best earlier paid-as rank) into pg_temp.cx_ledger.';
revoke all on function private.period_compute_rank_bonus(text, int4[], int4[], int8[]) from public;
grant execute on function private.period_compute_rank_bonus(text, int4[], int4[], int8[]) to mlm_definer;
