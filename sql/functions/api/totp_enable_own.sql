-- Turn on two-factor sign-in for the signed-in user: the secret they just
-- proved with a first code (p_counter: that code's time step, so it cannot
-- be used again), and the hashes of their ten new backup codes.
create or replace function api.totp_enable_own(p_secret text, p_counter bigint, p_backup_code_hashes text[])
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_user uuid := private.signed_in_user('Sign in to turn on two-factor sign-in.');
begin
  if p_secret !~ '^[A-Z2-7]{16,64}$' then
    raise exception using errcode = 'MLVAL', message = 'The two-factor key is not valid.', column = 'code';
  end if;
  if coalesce(cardinality(p_backup_code_hashes), 0) <> 10 then
    raise exception using errcode = 'MLVAL', message = 'Ten backup codes are needed.', column = 'code';
  end if;
  insert into private.user_credentials (user_id, totp_secret, totp_last_counter, backup_code_hashes)
  values (v_user, p_secret, p_counter, p_backup_code_hashes)
  on conflict (user_id) do update
     set totp_secret = excluded.totp_secret, totp_last_counter = excluded.totp_last_counter,
         backup_code_hashes = excluded.backup_code_hashes, updated_at = public.app_now();
  update public.users set two_factor_enabled = true where id = v_user;
  perform private.audit_event('sign_in', v_user::text, 'two_factor_enabled');
end
$$;
alter function api.totp_enable_own(text, bigint, text[]) owner to mlm_definer;
revoke all on function api.totp_enable_own(text, bigint, text[]) from public;
grant execute on function api.totp_enable_own(text, bigint, text[]) to mlm_app;
comment on function api.totp_enable_own(text, bigint, text[]) is
  'Turns on two-factor sign-in for the signed-in user with the secret it just proved and ten new '
  'backup-code hashes; audited. The signed-in user only: refuses MLVAL (a bad key, not ten backup '
  'codes).';
