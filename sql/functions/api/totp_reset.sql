-- Admin: reset a user's two-factor sign-in (lost phone and backup codes).
-- The user signs in with the password alone and enrols again. Audited.
create or replace function api.totp_reset(p_user_id uuid)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can reset two-factor sign-in.';
  end if;
  perform private.credentials_clear_totp(p_user_id);
  perform private.audit_event('sign_in', p_user_id::text, 'two_factor_reset_by_admin');
end
$$;
alter function api.totp_reset(uuid) owner to mlm_definer;
revoke all on function api.totp_reset(uuid) from public;
grant execute on function api.totp_reset(uuid) to mlm_app;
comment on function api.totp_reset(uuid) is
  'Resets a user''s two-factor sign-in (lost phone and codes); audited. Admins only: refuses MLDNY.';
