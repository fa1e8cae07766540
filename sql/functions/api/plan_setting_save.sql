-- Change a plan-wide setting (admins; audited by the plan_settings
-- trigger, which also validates: MLVAL on column value). p_value is JSON
-- text: 0.2, or [0.05, 0.05, 0.04] for a list. Takes effect for every
-- period closed or re-closed from now on.
create or replace function api.plan_setting_save(p_key text, p_value text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_value jsonb;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can change the plan.';
  end if;
  begin
    v_value := p_value::jsonb;
  exception when others then
    raise exception using errcode = 'MLVAL', column = 'value',
      message = 'Write a number (0.2) or a list of numbers ([0.05, 0.05, 0.04]).';
  end;
  update public.plan_settings s set value = v_value, updated_by = auth.user_id()
   where s.key = p_key and s.value is distinct from v_value;
  if not found and not exists (select from public.plan_settings s where s.key = p_key) then
    raise exception using errcode = 'MLVAL', column = 'key', message = 'There is no such plan setting.';
  end if;
end
$$;
revoke all on function api.plan_setting_save(text, text) from public;
grant execute on function api.plan_setting_save(text, text) to mlm_app;
comment on function api.plan_setting_save(text, text) is
  'Changes a plan-wide setting (JSON: a number or a list), validated and audited; takes effect for '
  'every period closed or re-closed from now on. Admins only: refuses MLDNY and MLVAL (not a number'
  ' or list, no such setting, the setting''s own rules).';
