-- A contact becomes a customer of its owner (a distributor), carrying over
-- its name, email, phone and notes; the contact is marked converted and Won,
-- and its timeline says so. An existing customer of the same distributor
-- with the same email is linked instead of duplicated. Returns the
-- customer's id.
--
-- Definer: a manager may convert any contact, but only admins write
-- customers under RLS; the customer number comes from
-- private.customer_number_next(). So the caller is checked here: the
-- contact's owner, a manager or an admin (MLDNY otherwise, also for a
-- contact the caller cannot see).
create or replace function api.contact_convert_customer(p_contact_id uuid)
returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  c          public.contacts;
  v_customer uuid;
  v_number   text;
begin
  select * into c from public.contacts where id = p_contact_id for update;
  if not found or not private.crm_may_write(c.owner_id) then
    raise exception using errcode = 'MLDNY', message = 'This contact does not exist or is not yours.';
  end if;
  if c.converted_to_customer_id is not null then
    raise exception using errcode = 'MLVAL', message = 'This contact is a customer already.', column = 'contact';
  end if;
  if not exists (select from public.distributors d where d.user_id = c.owner_id) then
    raise exception using errcode = 'MLVAL', column = 'owner_id',
      message = 'Only a distributor''s contact can become a customer: assign it to a distributor first.';
  end if;
  if c.email is null then
    raise exception using errcode = 'MLVAL', column = 'email',
      message = 'A customer needs an email address: add one to the contact first.';
  end if;

  select cu.id, cu.customer_number into v_customer, v_number
    from public.customers cu
   where cu.distributor_id = c.owner_id and cu.email operator(public.=) c.email::public.citext
   order by cu.created_at
   limit 1;
  if v_customer is null then
    insert into public.customers (customer_number, distributor_id, email, phone, first_name, last_name, notes)
    values (private.customer_number_next(), c.owner_id, c.email, c.phone, c.first_name, c.last_name, c.notes)
    returning id, customer_number into v_customer, v_number;
  end if;

  if c.stage <> 'closed_won' then
    insert into public.activities (contact_id, owner_id, type, subject, metadata)
    values (c.id, auth.user_id(), 'stage_change',
            pg_catalog.format('Moved from %s to %s', public.stage_label(c.stage), public.stage_label('closed_won')),
            jsonb_build_object('from', c.stage, 'to', 'closed_won'));
  end if;
  update public.contacts
     set converted_at = public.app_now(), converted_to_customer_id = v_customer, stage = 'closed_won',
         status = case when status = 'enrolled' then status else 'won' end, lost_reason = null
   where id = c.id;
  insert into public.activities (contact_id, owner_id, type, subject, metadata)
  values (c.id, auth.user_id(), 'note', pg_catalog.format('Became customer %s', v_number),
          jsonb_build_object('converted_to', 'customer', 'customer_id', v_customer, 'customer_number', v_number));
  return v_customer;
end
$$;
alter function api.contact_convert_customer(uuid) owner to mlm_definer;
revoke all on function api.contact_convert_customer(uuid) from public;
grant execute on function api.contact_convert_customer(uuid) to mlm_app;
comment on function api.contact_convert_customer(uuid) is
  'Makes a contact a customer of its owner distributor (name, email, phone, notes carried over; an '
  'existing customer with the same email is linked), marks the contact converted and Won; returns '
  'the customer''s id. The contact''s owner, managers and admins: refuses MLDNY (otherwise, or a '
  'contact the caller cannot see) and MLVAL (already a customer, no distributor owner, no email).';
