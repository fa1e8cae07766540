-- The invitation of a contact enrolled as a distributor, for its page:
-- whether the new distributor has accepted (status no longer 'pending') and
-- the latest link's expiry. Nothing when the caller may not see the contact
-- or it was not enrolled. Definer: the invitation table is private and a
-- distributor cannot read other people's users rows.
create or replace function api.contact_invitation(p_contact_id uuid)
returns table (user_status public.user_status, expires_at timestamptz, used_at timestamptz,
               link_valid boolean)
language sql stable security definer
set search_path = ''
as $$
  select u.status, i.expires_at, i.used_at,
         i.used_at is null and i.revoked_at is null and i.expires_at > public.app_now()
    from public.contacts c
    join public.users u on u.id = c.converted_to_distributor_id
    left join lateral (select * from private.user_invitations x
                        where x.user_id = u.id order by x.created_at desc limit 1) i on true
   where c.id = p_contact_id
     and (auth.has_role('manager', 'admin', 'auditor')
          or (auth.has_role('distributor') and c.owner_id = auth.user_id()))
$$;
alter function api.contact_invitation(uuid) owner to mlm_definer;
revoke all on function api.contact_invitation(uuid) from public;
grant execute on function api.contact_invitation(uuid) to mlm_app;
comment on function api.contact_invitation(uuid) is
  'Whether a contact enrolled as a distributor has accepted its invitation, and the latest link''s '
  'expiry. Any signed-in user who may see the contact; no row otherwise.';
