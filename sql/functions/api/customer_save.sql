-- Create (p_id null) or edit a customer. Who: a distributor its own
-- customers (created for itself); support edits any; an admin creates for
-- the distributor numbered p_distributor_number and edits any (the contract's
-- matrix; RLS enforces it as well). Invoker: the customers policies apply.
-- The number comes from tg_customers__number. Returns the customer's id.
create or replace function api.customer_save(
  p_id uuid, p_first_name text, p_last_name text, p_email text, p_phone text default null,
  p_billing_address jsonb default null, p_marketing_opt_in boolean default false,
  p_notes text default null, p_status public.customer_status default null,
  p_distributor_number text default null, p_preferred_language text default null)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_role public.user_role := auth.user_role();
  v_distributor uuid;
  v_billing jsonb;
  v_id uuid;
begin
  if p_id is null and v_role is distinct from 'distributor' and v_role is distinct from 'admin' then
    raise exception using errcode = 'MLDNY', message = 'Only distributors and admins create customers.';
  end if;
  if p_id is not null and not coalesce(v_role in ('distributor', 'support', 'admin'), false) then
    raise exception using errcode = 'MLDNY', message = 'Your role does not edit customers.';
  end if;
  if nullif(btrim(p_first_name), '') is null then
    raise exception using errcode = 'MLVAL', message = 'Enter a first name.', column = 'first_name';
  elsif length(btrim(p_first_name)) > 100 then
    raise exception using errcode = 'MLVAL', message = 'At most 100 characters.', column = 'first_name';
  end if;
  if nullif(btrim(p_last_name), '') is null then
    raise exception using errcode = 'MLVAL', message = 'Enter a last name.', column = 'last_name';
  elsif length(btrim(p_last_name)) > 100 then
    raise exception using errcode = 'MLVAL', message = 'At most 100 characters.', column = 'last_name';
  end if;
  if p_email is null or length(btrim(p_email)) > 255 or btrim(p_email) !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    raise exception using errcode = 'MLVAL', message = 'Enter a valid email address.', column = 'email';
  end if;
  if nullif(btrim(p_phone), '') is not null
     and (btrim(p_phone) !~ '^[0-9+() .-]{5,20}$' or btrim(p_phone) !~ '([0-9][^0-9]*){5}') then
    raise exception using errcode = 'MLVAL', message = 'Enter a phone number (digits, spaces, + - ( ) only, at most 20).',
      column = 'phone';
  end if;
  if length(p_notes) > 5000 then
    raise exception using errcode = 'MLVAL', message = 'At most 5,000 characters.', column = 'notes';
  end if;
  if nullif(btrim(p_preferred_language), '') is not null and btrim(p_preferred_language) !~ '^[a-z]{2}(-[A-Z]{2})?$' then
    raise exception using errcode = 'MLVAL', message = 'A language code such as en or fr-CA.', column = 'preferred_language';
  end if;
  if p_billing_address is not null then
    v_billing := api.address_clean(p_billing_address - 'label' - 'is_default', 'billing_');
  end if;

  if p_id is null then
    if v_role = 'admin' then
      select d.user_id into v_distributor from public.distributors d
       where d.distributor_number = btrim(coalesce(p_distributor_number, ''));
      if not found then
        raise exception using errcode = 'MLVAL', message = 'No distributor has this number.',
          column = 'distributor_number';
      end if;
    else
      v_distributor := auth.user_id();
    end if;
    if v_billing is null then
      raise exception using errcode = 'MLVAL', message = 'Enter the billing address.', column = 'billing_line1';
    end if;
  else
    select c.distributor_id into v_distributor from public.customers c where c.id = p_id for update;
    if not found then
      raise exception using errcode = 'MLDNY', message = 'This customer does not exist or is not yours to edit.';
    end if;
  end if;
  -- operator(public.=): citext comparison (case-insensitive) under the empty search_path.
  if exists (select from public.customers c
              where c.distributor_id = v_distributor and not c.is_own_account
                and c.email operator(public.=) btrim(p_email)::public.citext
                and c.id is distinct from p_id) then
    raise exception using errcode = 'MLVAL', message = 'This distributor already has a customer with this email.',
      column = 'email';
  end if;

  if p_id is null then
    insert into public.customers (distributor_id, email, phone, first_name, last_name, billing_address,
                                  marketing_opt_in, notes, status, preferred_language)
    values (v_distributor, btrim(p_email), nullif(btrim(p_phone), ''), btrim(p_first_name), btrim(p_last_name),
            v_billing, coalesce(p_marketing_opt_in, false), nullif(btrim(p_notes), ''),
            coalesce(p_status, 'active'), coalesce(nullif(btrim(p_preferred_language), ''), 'en'))
    returning id into v_id;
  else
    update public.customers c
       set email = btrim(p_email), phone = nullif(btrim(p_phone), ''), first_name = btrim(p_first_name),
           last_name = btrim(p_last_name), billing_address = coalesce(v_billing, c.billing_address),
           marketing_opt_in = coalesce(p_marketing_opt_in, c.marketing_opt_in),
           notes = nullif(btrim(p_notes), ''), status = coalesce(p_status, c.status),
           preferred_language = coalesce(nullif(btrim(p_preferred_language), ''), c.preferred_language)
     where c.id = p_id
    returning c.id into v_id;
    if v_id is null then
      raise exception using errcode = 'MLDNY', message = 'This customer is not yours to edit.';
    end if;
  end if;
  return v_id;
end
$$;
revoke all on function api.customer_save(uuid, text, text, text, text, jsonb, boolean, text, public.customer_status,
                                         text, text) from public;
grant execute on function api.customer_save(uuid, text, text, text, text, jsonb, boolean, text, public.customer_status,
                                            text, text) to mlm_app;
comment on function api.customer_save(uuid, text, text, text, text, jsonb, boolean, text,
  public.customer_status, text, text) is
  'Creates (p_id null) or edits a customer; returns its id. A distributor its own customers, '
  'support edits any, an admin creates for a distributor by number and edits any: refuses MLDNY '
  '(other roles, not the caller''s) and MLVAL (names, email, phone, language, billing address, '
  'distributor number, a duplicate email; column named).';
