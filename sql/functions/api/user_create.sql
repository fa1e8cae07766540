-- Admin: create a user (and, for the distributor role, the distributor row
-- under the sponsor with that number, or at the top of the tree). Optional
-- first password. Email case-insensitively unique. Audited by the table triggers.
create or replace function api.user_create(p_email text, p_first_name text, p_last_name text,
                                           p_role public.user_role, p_password_hash text default null,
                                           p_sponsor_number text default null)
returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_sponsor uuid;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can create users.';
  end if;
  if p_email is null or p_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(p_email) > 255 then
    raise exception using errcode = 'MLVAL', message = 'Enter a valid email address.', column = 'email';
  end if;
  -- operator(public.=): with an empty search_path a bare = would compare as text, case-sensitively.
  if exists (select from public.users where email operator(public.=) p_email::public.citext) then
    raise exception using errcode = 'MLVAL', message = 'A user with this email already exists.', column = 'email';
  end if;
  if p_role is null then
    raise exception using errcode = 'MLVAL', message = 'Choose a role.', column = 'role';
  end if;
  if p_sponsor_number is not null and p_role = 'distributor' then
    select user_id into v_sponsor from public.distributors where distributor_number = p_sponsor_number;
    if not found then
      raise exception using errcode = 'MLVAL', message = 'No distributor has this number.', column = 'sponsor_number';
    end if;
  end if;

  insert into public.users (email, first_name, last_name, role, created_by)
  values (btrim(p_email), nullif(btrim(p_first_name), ''), nullif(btrim(p_last_name), ''), p_role, auth.user_id())
  returning id into v_id;
  if p_role = 'distributor' then
    insert into public.distributors (user_id, distributor_number, sponsor_id, enroller_id)
    values (v_id, private.distributor_number_next(), v_sponsor, v_sponsor);
  end if;
  if p_password_hash is not null then
    perform private.credentials_set_password(v_id, p_password_hash);
  end if;
  return v_id;
exception when unique_violation then
  -- Two admins creating the same email at once: the loser gets the same message.
  raise exception using errcode = 'MLVAL', message = 'A user with this email already exists.', column = 'email';
end
$$;
alter function api.user_create(text, text, text, public.user_role, text, text) owner to mlm_definer;
revoke all on function api.user_create(text, text, text, public.user_role, text, text) from public;
grant execute on function api.user_create(text, text, text, public.user_role, text, text) to mlm_app;
comment on function api.user_create(text, text, text, public.user_role, text, text) is
  'Creates a user (and for the distributor role its distributors row under the sponsor with that '
  'number, or at the top), with an optional first password; audited. Admins only: refuses MLDNY and'
  ' MLVAL (email, a taken email, role, sponsor number).';
