-- A non-admin acting as mlm_app may change only its profile columns of its
-- users row: first_name, last_name, phone, locale, timezone. Role, status,
-- email, is_system, lockout and 2FA fields, verification flags ... are an
-- admin's, or a definer function's (sign-in, enrolment: current_user is then
-- mlm_definer). A superuser (a DBA, a migration) is not restricted.
create or replace function public.tg_users__guard_admin_fields() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_column text;
begin
  if current_user = 'mlm_app' and auth.user_role() is distinct from 'admin' then
    select n.key into v_column
      from pg_catalog.jsonb_each(pg_catalog.to_jsonb(new)) n
     where n.key not in ('first_name', 'last_name', 'phone', 'locale', 'timezone', 'updated_at')
       and n.value is distinct from pg_catalog.to_jsonb(old) -> n.key
     order by n.key
     limit 1;
    if v_column is not null then
      raise exception using errcode = 'MLDNY', column = v_column,
        message = pg_catalog.format('Only an admin can change a user''s %s.', v_column);
    end if;
  end if;
  return new;
end
$$;
revoke all on function public.tg_users__guard_admin_fields() from public;

create or replace trigger _050_guard_admin_fields
  before update on public.users
  for each row execute function public.tg_users__guard_admin_fields();
