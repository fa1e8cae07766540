-- Plan settings the engine reads must hold values it can pay exactly
-- (private.plan_setting_problem): a bad value is refused on entry (MLVAL,
-- column 'value', the message says what is expected), whoever writes, so a
-- close never meets one. Other keys are free-form. Deleting a setting the
-- engine needs is refused too.
create or replace function public.tg_plan_settings__validate()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_problem text;
begin
  if TG_OP = 'DELETE' then
    if old.key in ('retail_rate', 'unilevel_rates', 'fast_start_rate', 'fast_start_days', 'auto_close_day') then
      raise exception using errcode = 'MLVAL', column = 'key',
        message = format('Plan setting %s is part of the plan: change its value instead of deleting it.', old.key);
    end if;
    return old;
  end if;
  if TG_OP = 'UPDATE' and new.key is distinct from old.key
     and old.key in ('retail_rate', 'unilevel_rates', 'fast_start_rate', 'fast_start_days', 'auto_close_day') then
    raise exception using errcode = 'MLVAL', column = 'key',
      message = format('Plan setting %s is part of the plan: it cannot be renamed.', old.key);
  end if;
  v_problem := private.plan_setting_problem(new.key, new.value);
  if v_problem is not null then
    raise exception using errcode = 'MLVAL', column = 'value', message = v_problem;
  end if;
  return new;
end
$$;
alter function public.tg_plan_settings__validate() owner to mlm_definer;
revoke all on function public.tg_plan_settings__validate() from public;

create or replace trigger _050_validate
  before insert or update or delete on public.plan_settings
  for each row execute function public.tg_plan_settings__validate();
