-- Step 10b of private.period_compute: fast start (compensation-plan.md
-- section 4): an active sponsor earns the fast-start rate on the PV its
-- recruit's orders paid within fast_start_days of joining (cx_node.fs).
-- Rows go into pg_temp.cx_ledger.
create or replace function private.period_compute_fast_start(p_uid uuid[], p_act boolean[], p_fs_rate int8)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  insert into pg_temp.cx_ledger (payee, source, payee_id, source_id, type, level, rate_u, base_c, amount_c)
  select c.parent, c.i, p_uid[c.parent], c.user_id, 'fast_start', 1, p_fs_rate, c.fs, t.amount
    from pg_temp.cx_node c
    cross join lateral (select private.commission_cents(c.fs, p_fs_rate) as amount) t
   where c.fs <> 0 and c.parent > 0 and p_act[c.parent] and t.amount <> 0;
end
$$;
comment on function private.period_compute_fast_start(uuid[], boolean[], int8) is
  'Step 10 of the plan v1 engine (private.period_compute): fast-start rows (an active sponsor earns the fast-start rate on a new recruit''s early PV) into pg_temp.cx_ledger.';
revoke all on function private.period_compute_fast_start(uuid[], boolean[], int8) from public;
grant execute on function private.period_compute_fast_start(uuid[], boolean[], int8) to mlm_definer;
