-- Plan v1's one rounding rule (compensation-plan.md section 4): an amount is
-- round(base x rate, 2), halves away from zero, computed exactly in
-- integers: the base in cents, the rate in millionths, the result in cents
-- ((cents x millionths +- 500000) / 1000000; int8 division truncates toward
-- zero). Every commission type of private.period_compute uses it.
--
-- Inlined: a language sql, immutable, one-expression function is expanded
-- into the query that calls it, so a set-based insert of 400,000 ledger rows
-- pays the arithmetic and no function call per row. A function with a SET
-- clause is never inlined, so this one does not pin search_path (the one
-- exception, allowed by name in tests/sql/test_catalog.py): its body names
-- every operator as operator(pg_catalog.x), so whatever search_path the
-- caller has, nothing else can be resolved.
create or replace function private.commission_cents(p_base_cents bigint, p_rate_millionths bigint)
returns bigint
language sql
immutable
parallel safe
as $$
  select case when p_base_cents operator(pg_catalog.*) p_rate_millionths operator(pg_catalog.>=) 0
              then (p_base_cents operator(pg_catalog.*) p_rate_millionths operator(pg_catalog.+) 500000)
                   operator(pg_catalog./) 1000000
              else (p_base_cents operator(pg_catalog.*) p_rate_millionths operator(pg_catalog.-) 500000)
                   operator(pg_catalog./) 1000000 end
$$;
comment on function private.commission_cents(bigint, bigint) is
  'Plan v1''s rounding rule, written once: round(base x rate, 2) with halves away from zero, in integer cents (base) and millionths (rate); returns cents. Inlined into the close''s set-based inserts (no search_path pinned on purpose; every operator is qualified).';
revoke all on function private.commission_cents(bigint, bigint) from public;
grant execute on function private.commission_cents(bigint, bigint) to mlm_definer;
