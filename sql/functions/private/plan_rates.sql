-- A list of plan-wide rates from plan_settings (e.g. unilevel_rates by
-- compressed level), in millionths and in order, as
-- private.plan_setting_problem allows it; missing or malformed: MLVAL.
create or replace function private.plan_rates(p_key text)
returns int8[]
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
  return (select array_agg(((e #>> '{}')::numeric * 1000000)::int8 order by n)
            from jsonb_array_elements(v_value) with ordinality as t (e, n));
end
$$;
revoke all on function private.plan_rates(text) from public;
grant execute on function private.plan_rates(text) to mlm_definer;
comment on function private.plan_rates(text) is
  'A list of plan-wide rates (e.g. unilevel_rates by compressed level) in millionths, in order; '
  'refuses MLVAL when it is missing or malformed.';
