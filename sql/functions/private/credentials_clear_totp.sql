-- Remove a user's TOTP secret and backup codes and mark two-factor off.
create or replace function private.credentials_clear_totp(p_user_id uuid)
returns void
language sql volatile security definer
set search_path = ''
as $$
  update private.user_credentials
     set totp_secret = null, totp_last_counter = null, backup_code_hashes = '{}', updated_at = public.app_now()
   where user_id = p_user_id;
  update public.users set two_factor_enabled = false where id = p_user_id;
$$;
alter function private.credentials_clear_totp(uuid) owner to mlm_definer;
revoke all on function private.credentials_clear_totp(uuid) from public;
comment on function private.credentials_clear_totp(uuid) is
  'Removes a user''s TOTP secret and backup codes and turns two-factor sign-in off. For definer '
  'functions that have checked who may.';
