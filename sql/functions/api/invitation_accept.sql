-- Accept an invitation: the user sets its password (an Argon2id hash made
-- by the app) and becomes active; the link is spent. Single use: a second
-- try, an expired or a revoked link is refused with MLVAL. Returns the user
-- id (the app then signs the user in).
create or replace function api.invitation_accept(p_token_hash text, p_password_hash text)
returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_invitation uuid;
  v_user       uuid;
begin
  select i.id, i.user_id into v_invitation, v_user
    from private.user_invitations i
    join public.users u on u.id = i.user_id
   where i.token_hash = p_token_hash
     and i.used_at is null and i.revoked_at is null and i.expires_at > public.app_now()
     and u.status = 'pending'
     for update of i;
  if v_invitation is null then
    raise exception using errcode = 'MLVAL', column = 'token',
      message = 'This invitation link has been used, has expired or was replaced by a newer one. Ask your sponsor for a new link.';
  end if;
  perform private.credentials_set_password(v_user, p_password_hash);
  update private.user_invitations set used_at = public.app_now() where id = v_invitation;
  update public.users set status = 'active' where id = v_user;
  return v_user;
end
$$;
alter function api.invitation_accept(text, text) owner to mlm_definer;
revoke all on function api.invitation_accept(text, text) from public;
grant execute on function api.invitation_accept(text, text) to mlm_app;
comment on function api.invitation_accept(text, text) is
  'Accepts an invitation: the user sets its password (an Argon2id hash from the app) and becomes '
  'active; the link is spent; returns the user id. Anyone holding the link (nobody signed in); '
  'refuses MLVAL (a used, expired or replaced link).';
