-- What is wrong with value p_value for plan setting p_key, in words for the
-- person entering it; null when it is fine (or the key is not one the
-- engine reads). The plan_settings trigger refuses what this rejects, and
-- the close reads the settings through the same check.
--   retail_rate, fast_start_rate  a number from 0 to 1, at most 6 decimals
--   unilevel_rates                a list of such numbers (1..20 levels)
--   fast_start_days               a whole number of days, 0..3650
--   auto_close_day                a day of the month 1..28, or 0 (off)
--   order_hold_hours              whole hours 1..8760 an unpaid order holds its stock
create or replace function private.plan_setting_problem(p_key text, p_value jsonb)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_bad_rate constant text := 'must be a number from 0 to 1 with at most six decimals (0.05 is 5%%)';
  v_max integer := 3650;
begin
  case p_key
    when 'retail_rate', 'fast_start_rate' then
      if not private.plan_rate_ok(p_value) then
        return format('%s ' || v_bad_rate || '.', p_key);
      end if;
    when 'unilevel_rates' then
      if p_value is null or jsonb_typeof(p_value) <> 'array' or jsonb_array_length(p_value) not between 1 and 20
         or exists (select from jsonb_array_elements(p_value) e where not private.plan_rate_ok(e)) then
        return format('%s must be a list of 1 to 20 rates, each ' || v_bad_rate || '.', p_key);
      end if;
    when 'order_hold_hours' then
      if p_value is null or jsonb_typeof(p_value) <> 'number'
         or (p_value #>> '{}')::numeric <> trunc((p_value #>> '{}')::numeric)
         or (p_value #>> '{}')::numeric not between 1 and 8760 then
        return 'order_hold_hours must be a whole number of hours from 1 to 8760.';
      end if;
    when 'fast_start_days', 'auto_close_day' then
      if p_key = 'auto_close_day' then
        v_max := 28;
      end if;
      if p_value is null or jsonb_typeof(p_value) <> 'number'
         or (p_value #>> '{}')::numeric <> trunc((p_value #>> '{}')::numeric)
         or (p_value #>> '{}')::numeric < 0
         or (p_value #>> '{}')::numeric > v_max then
        if p_key = 'auto_close_day' then
          return 'auto_close_day must be a day of the month from 1 to 28, or 0 for no scheduled close.';
        end if;
        return 'fast_start_days must be a whole number of days from 0 to 3650.';
      end if;
    else
      null;
  end case;
  return null;
end
$$;
revoke all on function private.plan_setting_problem(text, jsonb) from public;
grant execute on function private.plan_setting_problem(text, jsonb) to mlm_definer;
comment on function private.plan_setting_problem(text, jsonb) is
  'What is wrong with a value for a plan setting, in words for the person entering it (null: fine);'
  ' the plan_settings trigger and the close both use it.';
