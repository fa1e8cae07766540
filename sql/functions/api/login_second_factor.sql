-- Step two of sign-in: the TOTP secret of a user whose password the caller
-- has just checked. Anonymous callers only, active and unlocked accounts
-- with two-factor sign-in on.
create or replace function api.login_second_factor(p_user_id uuid)
returns table (totp_secret text)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if auth.user_id() is not null then
    raise exception using errcode = 'MLDNY', message = 'Sign out before signing in again.';
  end if;
  return query
    select c.totp_secret
      from public.users u
      join private.user_credentials c on c.user_id = u.id
     where u.id = p_user_id and u.status = 'active' and u.two_factor_enabled
       and (u.locked_until is null or u.locked_until <= public.app_now())
       and c.totp_secret is not null;
end
$$;
alter function api.login_second_factor(uuid) owner to mlm_definer;
revoke all on function api.login_second_factor(uuid) from public;
grant execute on function api.login_second_factor(uuid) to mlm_app;
comment on function api.login_second_factor(uuid) is
  'Step two of sign-in: the TOTP secret of an active, unlocked user with two-factor sign-in on. '
  'Anonymous callers only: refuses MLDNY to a signed-in caller.';
