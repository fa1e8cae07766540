-- A whole-number plan setting (fast_start_days, auto_close_day) as
-- private.plan_setting_problem allows it; missing or malformed: MLVAL.
create or replace function private.plan_integer(p_key text)
returns integer
language plpgsql
stable
set search_path = ''
as $$
declare
  v_value jsonb;
  v_problem text;
begin
  select s.value into v_value from public.plan_settings s where s.key = p_key;
  v_problem := case when v_value is null then format('Plan setting %s is missing.', p_key)
                    else private.plan_setting_problem(p_key, v_value) end;
  if v_problem is not null then
    raise exception using errcode = 'MLVAL', column = p_key, message = v_problem;
  end if;
  return (v_value #>> '{}')::integer;
end
$$;
revoke all on function private.plan_integer(text) from public;
grant execute on function private.plan_integer(text) to mlm_definer;
comment on function private.plan_integer(text) is
  'A whole-number plan setting (fast_start_days, auto_close_day); refuses MLVAL when it is missing '
  'or malformed.';
