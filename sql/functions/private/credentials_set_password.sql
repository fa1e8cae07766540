-- Store a new password hash; its time becomes the sessions' epoch.
create or replace function private.credentials_set_password(p_user_id uuid, p_password_hash text)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  if p_password_hash is null or p_password_hash not like '$argon2id$%' then
    raise exception using errcode = 'MLVAL', message = 'The password hash is not an Argon2id hash.',
                          column = 'password';
  end if;
  insert into private.user_credentials (user_id, password_hash, password_changed_at)
  -- Real time, not app_now(): the epoch must move even under a pinned clock.
  values (p_user_id, p_password_hash, pg_catalog.clock_timestamp())
  on conflict (user_id) do update
     set password_hash = excluded.password_hash, password_changed_at = excluded.password_changed_at,
         updated_at = public.app_now();
end
$$;
alter function private.credentials_set_password(uuid, text) owner to mlm_definer;
revoke all on function private.credentials_set_password(uuid, text) from public;
comment on function private.credentials_set_password(uuid, text) is
  'Stores a new password hash for a user; its time becomes the epoch of the user''s sessions. For '
  'definer functions that have checked who may.';
