-- Where an order for this customer goes: shipping address p_index (0-based),
-- or with p_index null the default shipping address (else the first, else
-- the billing address); p_index -1 is the billing address. Without a usable
-- address: MLVAL ship_to. Invoker: only a customer the caller may see.
create or replace function api.customer_ship_to(p_customer_id uuid, p_index integer default null)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_customer record;
  v_address jsonb;
begin
  select c.billing_address, c.shipping_addresses into v_customer from public.customers c where c.id = p_customer_id;
  if not found then
    raise exception using errcode = 'MLVAL', message = 'Choose one of your customers.', column = 'customer_id';
  end if;
  if p_index = -1 then
    v_address := v_customer.billing_address;
  elsif p_index is not null then
    v_address := v_customer.shipping_addresses -> p_index;
    if v_address is null or p_index < 0 then
      raise exception using errcode = 'MLVAL', message = 'Choose one of the customer''s addresses.', column = 'ship_to';
    end if;
  else
    select e into v_address from jsonb_array_elements(v_customer.shipping_addresses) with ordinality as t (e, i)
     order by coalesce((e ->> 'is_default')::boolean, false) desc, i limit 1;
    v_address := coalesce(v_address, v_customer.billing_address);
  end if;
  if v_address is null or jsonb_typeof(v_address) <> 'object' or coalesce(v_address ->> 'country', '') = '' then
    raise exception using errcode = 'MLVAL', column = 'ship_to',
      message = 'This customer has no address to ship to: add one on the customer''s page first.';
  end if;
  return v_address - 'is_default';
end
$$;
revoke all on function api.customer_ship_to(uuid, integer) from public;
grant execute on function api.customer_ship_to(uuid, integer) to mlm_app, mlm_definer;
comment on function api.customer_ship_to(uuid, integer) is
  'The address an order for this customer ships to (a shipping address by index, the default, or '
  'the billing address). Any signed-in user for a customer it may see; refuses MLVAL (column '
  'customer_id or ship_to: no such customer or address).';
