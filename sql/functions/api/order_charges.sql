-- What an order of p_subtotal costs, to the cent: the one place the money
-- of an order is computed (the quote on the order form, placing the order,
-- changing its discount all call it).
--   discount = p_discount_percent % of the subtotal rounded to the cent
--              (half away from zero), or p_discount_amount (at most the
--              subtotal);
--   tax      = (subtotal - discount) x the rate of the ship-to country and
--              region (the region's row wins; no row: no tax, and tax_note
--              says so), rounded to the cent;
--   shipping = the method's price for that country (or for every other
--              country), 0 from its free_from value (subtotal - discount);
--   total    = subtotal - discount + tax + shipping.
-- Refuses (MLVAL shipping_method) a method that is unknown, inactive or does
-- not ship to the country.
create or replace function api.order_charges(p_subtotal numeric, p_discount_percent numeric,
                                             p_discount_amount numeric, p_country text, p_region text,
                                             p_shipping_method text)
returns table (discount numeric, tax_rate numeric, tax numeric, shipping numeric, total numeric,
               tax_note text, shipping_name text)
language plpgsql stable
set search_path = ''
as $$
declare
  v_net numeric;
  v_method record;
  v_rate record;
begin
  if p_discount_percent is not null and p_discount_amount is not null then
    raise exception using errcode = 'MLVAL', message = 'Give the discount as a percentage or as an amount, not both.',
      column = 'discount_value';
  end if;
  if p_discount_percent is not null
     and (p_discount_percent <= 0 or p_discount_percent > 100 or p_discount_percent <> round(p_discount_percent, 2)) then
    raise exception using errcode = 'MLVAL', column = 'discount_value',
      message = 'A percentage above 0 and at most 100, with at most two decimals.';
  end if;
  if p_discount_amount is not null
     and (p_discount_amount < 0 or p_discount_amount >= 1000000 or p_discount_amount <> round(p_discount_amount, 2)) then
    raise exception using errcode = 'MLVAL', column = 'discount_value',
      message = 'An amount from 0 to 999,999.99, with at most two decimals.';
  end if;
  discount := case when p_discount_percent is not null then round(p_subtotal * p_discount_percent / 100, 2)
                   else least(coalesce(p_discount_amount, 0), p_subtotal) end;
  v_net := p_subtotal - discount;

  select t.rate into tax_rate
    from public.tax_rates t
   where t.is_active and t.country = upper(p_country)
     and (t.region is null or upper(t.region) = upper(btrim(p_region)))
   order by t.region is null
   limit 1;
  if not found then
    tax_rate := null;
    tax_note := format('No tax rate is set up for %s; no tax is charged.',
                       concat_ws('-', upper(p_country), nullif(upper(btrim(p_region)), '')));
  end if;
  tax := round(v_net * coalesce(tax_rate, 0), 2);

  select m.name, r.price, r.free_from into v_method
    from public.shipping_methods m
    join public.shipping_rates r on r.method_id = m.id and (r.country = upper(p_country) or r.country is null)
   where m.code = p_shipping_method and m.is_active
   order by r.country is null
   limit 1;
  if not found then
    raise exception using errcode = 'MLVAL', column = 'shipping_method',
      message = format('Choose a shipping method that delivers to %s.', coalesce(upper(p_country), 'this address'));
  end if;
  shipping_name := v_method.name;
  shipping := case when v_method.free_from is not null and v_net >= v_method.free_from then 0
                   else v_method.price end;
  total := v_net + tax + shipping;
  return next;
end
$$;
revoke all on function api.order_charges(numeric, numeric, numeric, text, text, text) from public;
grant execute on function api.order_charges(numeric, numeric, numeric, text, text, text) to mlm_app, mlm_definer;
comment on function api.order_charges(numeric, numeric, numeric, text, text, text) is
  'What an order of a subtotal costs, to the cent: discount, tax of the ship-to country and region,'
  ' shipping and total; the one place an order''s money is computed. Any signed-in user; refuses '
  'MLVAL (discount given both ways or out of range, a shipping method that does not deliver there).';
