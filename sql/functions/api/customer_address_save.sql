-- Add (p_index null) or replace (p_index, 0-based) one shipping address of a
-- customer; at most ten. With p_is_default the address becomes the default
-- and the others stop being it; the first address is the default anyway.
-- Same rights as editing the customer (invoker: the customers policies
-- apply). Returns the address's index.
create or replace function api.customer_address_save(p_customer_id uuid, p_index integer, p_address jsonb,
                                                     p_is_default boolean default false)
returns integer
language plpgsql volatile
set search_path = ''
as $$
declare
  v_list jsonb;
  v_address jsonb;
  v_index integer;
begin
  if not coalesce(auth.user_role() in ('distributor', 'support', 'admin'), false) then
    raise exception using errcode = 'MLDNY', message = 'Your role does not edit customers.';
  end if;
  select c.shipping_addresses into v_list from public.customers c where c.id = p_customer_id for update;
  if not found then
    raise exception using errcode = 'MLDNY', message = 'This customer does not exist or is not yours to edit.';
  end if;
  v_address := api.address_clean((p_address - 'is_default') || jsonb_build_object('is_default', false));
  if p_index is null then
    if jsonb_array_length(v_list) >= 10 then
      raise exception using errcode = 'MLVAL', message = 'A customer has at most ten shipping addresses.',
        column = 'line1';
    end if;
    v_list := v_list || jsonb_build_array(v_address);
    v_index := jsonb_array_length(v_list) - 1;
  else
    if p_index < 0 or p_index >= jsonb_array_length(v_list) then
      raise exception using errcode = 'MLVAL', message = 'This address no longer exists.', column = 'line1';
    end if;
    v_address := jsonb_set(v_address, '{is_default}', coalesce(v_list -> p_index -> 'is_default', 'false'));
    v_list := jsonb_set(v_list, array[p_index::text], v_address);
    v_index := p_index;
  end if;
  if coalesce(p_is_default, false) or jsonb_array_length(v_list) = 1 then
    select jsonb_agg(jsonb_set(e, '{is_default}', to_jsonb(i - 1 = v_index)) order by i) into v_list
      from jsonb_array_elements(v_list) with ordinality as t (e, i);
  end if;
  update public.customers c set shipping_addresses = v_list where c.id = p_customer_id;
  return v_index;
end
$$;
revoke all on function api.customer_address_save(uuid, integer, jsonb, boolean) from public;
grant execute on function api.customer_address_save(uuid, integer, jsonb, boolean) to mlm_app;
comment on function api.customer_address_save(uuid, integer, jsonb, boolean) is
  'Adds or replaces one shipping address of a customer (at most ten), optionally as the default; '
  'returns its index. Same rights as editing the customer: refuses MLDNY and MLVAL (the address, '
  'more than ten, an address that no longer exists).';
