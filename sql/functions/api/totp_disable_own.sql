-- Turn off the signed-in user's two-factor sign-in (admins and finance users
-- then lose access to money pages until they turn it on again).
create or replace function api.totp_disable_own()
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_user uuid := private.signed_in_user('Sign in first.');
begin
  perform private.credentials_clear_totp(v_user);
  perform private.audit_event('sign_in', v_user::text, 'two_factor_disabled');
end
$$;
alter function api.totp_disable_own() owner to mlm_definer;
revoke all on function api.totp_disable_own() from public;
grant execute on function api.totp_disable_own() to mlm_app;
comment on function api.totp_disable_own() is
  'Turns off the signed-in user''s two-factor sign-in; audited. The signed-in user, about itself '
  'only.';
