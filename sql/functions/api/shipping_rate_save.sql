-- Admin: set the price of a shipping method for a country (p_country empty:
-- every other country), free from an order value (subtotal after discount)
-- when p_free_from is given. Creates or replaces that (method, country) row.
create or replace function api.shipping_rate_save(p_method_id uuid, p_country text, p_price numeric,
                                                  p_free_from numeric default null)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_country text := nullif(upper(btrim(coalesce(p_country, ''))), '');
  v_id uuid;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can change shipping methods.';
  end if;
  if not exists (select from public.shipping_methods m where m.id = p_method_id) then
    raise exception using errcode = 'MLVAL', message = 'This method no longer exists.', column = 'country';
  end if;
  if v_country is not null and v_country !~ '^[A-Z]{2}$' then
    raise exception using errcode = 'MLVAL', column = 'country',
      message = 'Enter a two-letter country code, or leave it empty for every other country.';
  end if;
  if p_price is null or p_price < 0 or p_price >= 1000000 then
    raise exception using errcode = 'MLVAL', message = 'Enter a price from 0 to 999,999.99.', column = 'price';
  elsif p_price <> round(p_price, 2) then
    raise exception using errcode = 'MLVAL', message = 'At most two decimals.', column = 'price';
  end if;
  if p_free_from is not null and (p_free_from < 0 or p_free_from >= 1000000) then
    raise exception using errcode = 'MLVAL', message = 'Enter an amount from 0 to 999,999.99.', column = 'free_from';
  elsif p_free_from <> round(p_free_from, 2) then
    raise exception using errcode = 'MLVAL', message = 'At most two decimals.', column = 'free_from';
  end if;
  select r.id into v_id from public.shipping_rates r
   where r.method_id = p_method_id and coalesce(r.country, '') = coalesce(v_country, '');
  if v_id is null then
    insert into public.shipping_rates (method_id, country, price, free_from)
    values (p_method_id, v_country, p_price, p_free_from)
    returning id into v_id;
  else
    update public.shipping_rates r set price = p_price, free_from = p_free_from where r.id = v_id;
  end if;
  return v_id;
end
$$;
revoke all on function api.shipping_rate_save(uuid, text, numeric, numeric) from public;
grant execute on function api.shipping_rate_save(uuid, text, numeric, numeric) to mlm_app;
comment on function api.shipping_rate_save(uuid, text, numeric, numeric) is
  'Sets the price of a shipping method for a country (empty: every other country), optionally free '
  'from an order value. Admins only: refuses MLDNY and MLVAL (method, country, price, free_from).';
