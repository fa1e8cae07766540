-- Remove one shipping address (0-based index). When it was the default, the
-- first remaining address becomes the default. Same rights as editing the
-- customer. Orders keep their own copy of the addresses they were sent to.
create or replace function api.customer_address_remove(p_customer_id uuid, p_index integer)
returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  v_list jsonb;
begin
  if not coalesce(auth.user_role() in ('distributor', 'support', 'admin'), false) then
    raise exception using errcode = 'MLDNY', message = 'Your role does not edit customers.';
  end if;
  select c.shipping_addresses into v_list from public.customers c where c.id = p_customer_id for update;
  if not found then
    raise exception using errcode = 'MLDNY', message = 'This customer does not exist or is not yours to edit.';
  end if;
  if p_index is null or p_index < 0 or p_index >= jsonb_array_length(v_list) then
    raise exception using errcode = 'MLVAL', message = 'This address no longer exists.', column = 'line1';
  end if;
  v_list := v_list - p_index;
  if jsonb_array_length(v_list) > 0
     and not exists (select from jsonb_array_elements(v_list) e where (e ->> 'is_default')::boolean) then
    v_list := jsonb_set(v_list, '{0,is_default}', 'true');
  end if;
  update public.customers c set shipping_addresses = v_list where c.id = p_customer_id;
end
$$;
revoke all on function api.customer_address_remove(uuid, integer) from public;
grant execute on function api.customer_address_remove(uuid, integer) to mlm_app;
comment on function api.customer_address_remove(uuid, integer) is
  'Removes one shipping address of a customer (the first remaining becomes the default). Same '
  'rights as editing the customer: refuses MLDNY (role, not the caller''s) and MLVAL (an address '
  'that no longer exists).';
