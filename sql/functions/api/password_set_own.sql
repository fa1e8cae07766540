-- Change the signed-in user's password. password_changed_at moves, which
-- ends the user's other sessions (it is their epoch). Audited, hash not copied.
create or replace function api.password_set_own(p_password_hash text)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_user uuid := private.signed_in_user('Sign in to change your password.');
begin
  perform private.credentials_set_password(v_user, p_password_hash);
  perform private.audit_event('sign_in', v_user::text, 'password_changed');
end
$$;
alter function api.password_set_own(text) owner to mlm_definer;
revoke all on function api.password_set_own(text) from public;
grant execute on function api.password_set_own(text) to mlm_app;
comment on function api.password_set_own(text) is
  'Changes the signed-in user''s password (ending its other sessions); audited without the hash. '
  'The signed-in user, about itself only.';
