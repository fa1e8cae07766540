-- A postal address as the app stores it (customers.billing_address, the
-- elements of customers.shipping_addresses, orders' addresses): a JSON
-- object with name, line1, line2, city, region, postal_code, country (ISO
-- 3166 alpha-2, upper case), and for a shipping address label and
-- is_default. Values are trimmed, empty ones dropped, lengths checked.
-- Refusals name the field as p_prefix || key (e.g. 'billing_line1').
create or replace function api.address_clean(p_address jsonb, p_prefix text default '')
returns jsonb
language plpgsql immutable
set search_path = ''
as $$
declare
  v_out jsonb := '{}';
  v_key text;
  v_value text;
  v_limit integer;
begin
  if p_address is null or jsonb_typeof(p_address) <> 'object' then
    raise exception using errcode = 'MLVAL', message = 'Enter the address.', column = p_prefix || 'line1';
  end if;
  for v_key, v_limit in
    select * from (values ('name', 200), ('line1', 200), ('line2', 200), ('city', 100), ('region', 50),
                          ('postal_code', 20), ('country', 2), ('label', 50)) as f (k, n)
  loop
    v_value := nullif(btrim(p_address ->> v_key), '');
    if v_value is not null and length(v_value) > v_limit then
      raise exception using errcode = 'MLVAL', column = p_prefix || v_key,
        message = format('At most %s characters.', v_limit);
    end if;
    if v_value ~ '[\x01-\x1f\x7f]' then
      raise exception using errcode = 'MLVAL', column = p_prefix || v_key,
        message = 'Use letters, digits and punctuation only.';
    end if;
    if v_key = 'country' and v_value is not null then
      v_value := upper(v_value);
    end if;
    v_out := v_out || jsonb_strip_nulls(jsonb_build_object(v_key, v_value));
  end loop;
  if v_out ->> 'line1' is null then
    raise exception using errcode = 'MLVAL', message = 'Enter the street address.', column = p_prefix || 'line1';
  end if;
  if v_out ->> 'city' is null then
    raise exception using errcode = 'MLVAL', message = 'Enter the city.', column = p_prefix || 'city';
  end if;
  if coalesce(v_out ->> 'country', '') !~ '^[A-Z]{2}$' then
    raise exception using errcode = 'MLVAL', column = p_prefix || 'country',
      message = 'Enter the two-letter country code (US, CA, GB, ...).';
  end if;
  if p_address ? 'is_default' then
    v_out := v_out || jsonb_build_object('is_default', coalesce((p_address ->> 'is_default')::boolean, false));
  end if;
  return v_out;
exception
  when invalid_text_representation then
    raise exception using errcode = 'MLVAL', message = 'Default must be true or false.',
      column = p_prefix || 'is_default';
end
$$;
revoke all on function api.address_clean(jsonb, text) from public;
grant execute on function api.address_clean(jsonb, text) to mlm_app, mlm_definer;
comment on function api.address_clean(jsonb, text) is
  'Checks and normalises a postal address (billing or shipping) into the JSON object the app '
  'stores: trimmed values, ISO country code, lengths checked. Any signed-in user; refuses MLVAL '
  'naming the field as p_prefix || key.';
