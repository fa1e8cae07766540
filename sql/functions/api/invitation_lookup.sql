-- Who an invitation link is for, while it is usable (not used, not
-- revoked, not expired, the user still pending): nothing otherwise. Called
-- by anyone who has the link (nobody is signed in), with the SHA-256 of the
-- token; the token itself never reaches the database.
create or replace function api.invitation_lookup(p_token_hash text)
returns table (email text, first_name varchar, expires_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  select u.email::text, u.first_name, i.expires_at
    from private.user_invitations i
    join public.users u on u.id = i.user_id
   where i.token_hash = p_token_hash
     and i.used_at is null and i.revoked_at is null and i.expires_at > public.app_now()
     and u.status = 'pending'
$$;
alter function api.invitation_lookup(text) owner to mlm_definer;
revoke all on function api.invitation_lookup(text) from public;
grant execute on function api.invitation_lookup(text) to mlm_app;
comment on function api.invitation_lookup(text) is
  'Who an invitation link is for (by the SHA-256 of its token) while it is usable; no row '
  'otherwise. Anyone holding the link (nobody signed in).';
