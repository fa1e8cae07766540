-- A plan-wide rate from plan_settings in millionths (0.05 -> 50000), as
-- private.plan_setting_problem allows it; missing or malformed: MLVAL.
create or replace function private.plan_rate(p_key text)
returns int8
language plpgsql
stable
set search_path = ''
as $$
declare
  v_value jsonb;
begin
  select s.value into v_value from public.plan_settings s where s.key = p_key;
  if v_value is null or not private.plan_rate_ok(v_value) then
    raise exception using errcode = 'MLVAL', column = p_key,
      message = coalesce(private.plan_setting_problem(p_key, v_value), format('Plan setting %s is missing.', p_key));
  end if;
  return ((v_value #>> '{}')::numeric * 1000000)::int8;
end
$$;
revoke all on function private.plan_rate(text) from public;
grant execute on function private.plan_rate(text) to mlm_definer;
comment on function private.plan_rate(text) is
  'A plan-wide rate from plan_settings in millionths (0.05 is 50000); refuses MLVAL when it is '
  'missing or malformed.';
