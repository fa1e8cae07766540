-- Whether a JSON value is a rate the plan can pay exactly: a number from 0
-- to 1 with at most six decimals (ledger rates are numeric(9,6)).
create or replace function private.plan_rate_ok(p_value jsonb)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select coalesce(jsonb_typeof(p_value) = 'number'
                  and (p_value #>> '{}')::numeric between 0 and 1
                  and (p_value #>> '{}')::numeric * 1000000 = trunc((p_value #>> '{}')::numeric * 1000000), false)
$$;
revoke all on function private.plan_rate_ok(jsonb) from public;
grant execute on function private.plan_rate_ok(jsonb) to mlm_definer;
comment on function private.plan_rate_ok(jsonb) is
  'Whether a JSON value is a rate the plan can pay exactly: a number from 0 to 1 with at most six '
  'decimals.';
