-- The signed-in user's own password hash, to check "current password"
-- before a change. Nobody else's.
create or replace function api.password_hash_own()
returns text
language sql stable security definer
set search_path = ''
as $$
  select c.password_hash from private.user_credentials c where c.user_id = auth.user_id()
$$;
alter function api.password_hash_own() owner to mlm_definer;
revoke all on function api.password_hash_own() from public;
grant execute on function api.password_hash_own() to mlm_app;
comment on function api.password_hash_own() is
  'The signed-in user''s own password hash, to check the current password before a change. The '
  'signed-in user, about itself only.';
