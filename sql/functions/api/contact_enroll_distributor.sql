-- Enrol a contact as a distributor under its owner as sponsor (and
-- enroller): a new user (role distributor, status 'pending' until the
-- invitation is accepted), a distributors row numbered by
-- private.distributor_number_next() (genealogy paths come from the insert
-- trigger), and an invitation to set a password: the caller's app made a
-- random token and passes only its SHA-256 (p_token_hash, 64 hex digits);
-- the link with the token is shown once to whoever enrolled. The contact is
-- marked converted, enrolled and Won, on its timeline. Returns the user id.
--
-- Definer: only admins write users and distributors under RLS. Allowed to
-- the contact's owner (a distributor), managers and admins; MLDNY otherwise.
create or replace function api.contact_enroll_distributor(p_contact_id uuid, p_token_hash text)
returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  c         public.contacts;
  v_user    uuid;
  v_number  text;
begin
  select * into c from public.contacts where id = p_contact_id for update;
  if not found or not private.crm_may_write(c.owner_id) then
    raise exception using errcode = 'MLDNY', message = 'This contact does not exist or is not yours.';
  end if;
  if c.converted_to_distributor_id is not null then
    raise exception using errcode = 'MLVAL', message = 'This contact is enrolled already.', column = 'contact';
  end if;
  if not exists (select from public.distributors d where d.user_id = c.owner_id and d.status = 'active') then
    raise exception using errcode = 'MLVAL', column = 'owner_id',
      message = 'The sponsor is the contact''s owner, who must be an active distributor: assign the contact to one first.';
  end if;
  if c.email is null or c.email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    raise exception using errcode = 'MLVAL', column = 'email',
      message = 'A distributor signs in with an email address: add one to the contact first.';
  end if;
  if exists (select from public.users u where u.email operator(public.=) c.email::public.citext) then
    raise exception using errcode = 'MLVAL', column = 'email',
      message = 'Someone with this email already has an account.';
  end if;
  if p_token_hash is null or p_token_hash !~ '^[0-9a-f]{64}$' then
    raise exception using errcode = 'MLVAL', message = 'The invitation token is malformed.', column = 'token';
  end if;

  insert into public.users (email, first_name, last_name, phone, role, status, created_by)
  values (c.email, c.first_name, c.last_name, c.phone, 'distributor', 'pending', auth.user_id())
  returning id into v_user;
  v_number := private.distributor_number_next();
  insert into public.distributors (user_id, distributor_number, sponsor_id, enroller_id)
  values (v_user, v_number, c.owner_id, c.owner_id);
  insert into private.user_invitations (user_id, token_hash, created_by, expires_at)
  values (v_user, p_token_hash, auth.user_id(), public.app_now() + interval '7 days');

  if c.stage <> 'closed_won' then
    insert into public.activities (contact_id, owner_id, type, subject, metadata)
    values (c.id, auth.user_id(), 'stage_change',
            pg_catalog.format('Moved from %s to %s', public.stage_label(c.stage), public.stage_label('closed_won')),
            jsonb_build_object('from', c.stage, 'to', 'closed_won'));
  end if;
  update public.contacts
     set converted_at = public.app_now(), converted_to_distributor_id = v_user, stage = 'closed_won',
         status = 'enrolled', lost_reason = null
   where id = c.id;
  insert into public.activities (contact_id, owner_id, type, subject, metadata)
  values (c.id, auth.user_id(), 'note', pg_catalog.format('Enrolled as distributor %s', v_number),
          jsonb_build_object('converted_to', 'distributor', 'user_id', v_user, 'distributor_number', v_number));
  return v_user;
exception when unique_violation then
  raise exception using errcode = 'MLVAL', column = 'email', message = 'Someone with this email already has an account.';
end
$$;
alter function api.contact_enroll_distributor(uuid, text) owner to mlm_definer;
revoke all on function api.contact_enroll_distributor(uuid, text) from public;
grant execute on function api.contact_enroll_distributor(uuid, text) to mlm_app;
comment on function api.contact_enroll_distributor(uuid, text) is
  'Enrols a contact as a distributor under its owner as sponsor: a pending user, a distributors row'
  ' with the next number, and an invitation (the SHA-256 of the app''s token); the contact is '
  'marked enrolled and Won; returns the user id. The contact''s owner, managers and admins: refuses'
  ' MLDNY (otherwise) and MLVAL (already enrolled, owner not an active distributor, no or taken '
  'email, malformed token).';
