-- Step 10a of private.period_compute: retail (compensation-plan.md section
-- 4): an active distributor earns the retail rate on its own retail base
-- (no rank needed). Rows go into pg_temp.cx_ledger.
create or replace function private.period_compute_retail(p_retail int8)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  insert into pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level, rate_u, base_c, amount_c)
  select c.i, c.i, c.user_id, c.user_id, 'retail', 0, p_retail, c.rb, t.amount
    from pg_temp.cx_node c
    cross join lateral (select private.commission_cents(c.rb, p_retail) as amount) t
   where c.rb <> 0 and c.active and t.amount <> 0;
end
$$;
comment on function private.period_compute_retail(int8) is
  'Step 10 of the plan v1 engine (private.period_compute): retail rows (an active distributor earns the retail rate on its own retail base) into pg_temp.cx_ledger.';
revoke all on function private.period_compute_retail(int8) from public;
grant execute on function private.period_compute_retail(int8) to mlm_definer;
