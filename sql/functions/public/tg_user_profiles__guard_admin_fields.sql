-- A user keeps its own profile, but its KYC status is set by an admin (or a
-- definer function): a non-admin acting as mlm_app cannot approve itself.
create or replace function public.tg_user_profiles__guard_admin_fields() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_allowed text;
begin
  if current_user = 'mlm_app' and auth.user_role() is distinct from 'admin' then
    if tg_op = 'INSERT' then
      v_allowed := 'pending';
    else
      v_allowed := old.kyc_status;
    end if;
    if new.kyc_status is distinct from v_allowed then
      raise exception using errcode = 'MLDNY', column = 'kyc_status',
        message = 'Only an admin can change a KYC status.';
    end if;
  end if;
  return new;
end
$$;
revoke all on function public.tg_user_profiles__guard_admin_fields() from public;

create or replace trigger _050_guard_admin_fields
  before insert or update on public.user_profiles
  for each row execute function public.tg_user_profiles__guard_admin_fields();
