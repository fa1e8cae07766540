-- A new invitation link for a contact enrolled as a distributor who has not
-- set a password yet (the old link stops working). p_token_hash as in
-- api.contact_enroll_distributor. Returns the new link's expiry.
create or replace function api.contact_invitation_renew(p_contact_id uuid, p_token_hash text)
returns timestamptz
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  c         public.contacts;
  v_expires timestamptz := public.app_now() + interval '7 days';
begin
  select * into c from public.contacts where id = p_contact_id;
  if not found or not private.crm_may_write(c.owner_id) then
    raise exception using errcode = 'MLDNY', message = 'This contact does not exist or is not yours.';
  end if;
  if c.converted_to_distributor_id is null
     or not exists (select from public.users u where u.id = c.converted_to_distributor_id and u.status = 'pending') then
    raise exception using errcode = 'MLVAL', column = 'contact',
      message = 'Only a distributor who has not set a password yet gets a new invitation.';
  end if;
  if p_token_hash is null or p_token_hash !~ '^[0-9a-f]{64}$' then
    raise exception using errcode = 'MLVAL', message = 'The invitation token is malformed.', column = 'token';
  end if;
  update private.user_invitations set revoked_at = public.app_now()
   where user_id = c.converted_to_distributor_id and used_at is null and revoked_at is null;
  insert into private.user_invitations (user_id, token_hash, created_by, expires_at)
  values (c.converted_to_distributor_id, p_token_hash, auth.user_id(), v_expires);
  return v_expires;
end
$$;
alter function api.contact_invitation_renew(uuid, text) owner to mlm_definer;
revoke all on function api.contact_invitation_renew(uuid, text) from public;
grant execute on function api.contact_invitation_renew(uuid, text) to mlm_app;
comment on function api.contact_invitation_renew(uuid, text) is
  'A new invitation link for an enrolled contact who has not set a password yet (the old link stops'
  ' working); returns its expiry. The contact''s owner, managers and admins: refuses MLDNY and '
  'MLVAL (already accepted, malformed token).';
