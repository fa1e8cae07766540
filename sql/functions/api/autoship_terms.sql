-- The autoship agreement exactly as the customer is shown it before
-- consenting; api.autoship_create stores this text with the consent (and
-- refuses when the text changed in the meantime). Invoker: only for a
-- customer the caller may see.
create or replace function api.autoship_terms(p_customer_id uuid, p_product_id uuid, p_quantity integer,
                                              p_frequency_days integer, p_shipping_method text default 'standard',
                                              p_first_on date default null)
returns text
language plpgsql stable
set search_path = ''
as $$
declare
  v_customer record;
  v_product record;
  v_method text;
  v_first date;
begin
  select c.first_name, c.last_name, c.customer_number into v_customer from public.customers c where c.id = p_customer_id;
  if not found then
    raise exception using errcode = 'MLVAL', message = 'Choose one of your customers.', column = 'customer_id';
  end if;
  select p.name, p.sku, p.price, p.currency, p.is_subscription, p.status into v_product
    from public.products p where p.id = p_product_id;
  if not found or not v_product.is_subscription then
    raise exception using errcode = 'MLVAL', message = 'Choose one of the autoship products.', column = 'product_id';
  end if;
  if v_product.status <> 'active' then
    raise exception using errcode = 'MLVAL', message = format('%s can no longer be ordered.', v_product.name),
      column = 'product_id';
  end if;
  if p_quantity is null or p_quantity not between 1 and 99 then
    raise exception using errcode = 'MLVAL', message = 'Enter a quantity from 1 to 99.', column = 'quantity';
  end if;
  if p_frequency_days is null or p_frequency_days not between 7 and 365 then
    raise exception using errcode = 'MLVAL', message = 'Every 7 to 365 days.', column = 'frequency_days';
  end if;
  select m.name into v_method from public.shipping_methods m where m.code = p_shipping_method and m.is_active;
  if not found then
    raise exception using errcode = 'MLVAL', message = 'Choose a shipping method.', column = 'shipping_method';
  end if;
  v_first := coalesce(p_first_on, (public.app_now() at time zone 'UTC')::date + p_frequency_days);
  if v_first <= (public.app_now() at time zone 'UTC')::date
     or v_first > (public.app_now() at time zone 'UTC')::date + 365 then
    raise exception using errcode = 'MLVAL', message = 'The first order date is from tomorrow to a year from now.',
      column = 'first_on';
  end if;
  return format(
    'Autoship agreement for %s %s (%s): every %s days, starting %s, an order for %s x %s (%s) is placed at '
    'the price of that day (today %s %s each, %s %s in all), plus tax and %s shipping. Each order is payable '
    'when it is placed. The autoship continues until it is cancelled; it can be cancelled at any time, in one '
    'step, and no order is placed after that. Orders already placed stay as they are.',
    coalesce(v_customer.first_name, ''), coalesce(v_customer.last_name, ''), v_customer.customer_number,
    p_frequency_days, to_char(v_first, 'YYYY-MM-DD'), p_quantity, v_product.name, v_product.sku,
    v_product.currency, to_char(v_product.price, 'FM999,999,990.00'),
    v_product.currency, to_char(v_product.price * p_quantity, 'FM999,999,990.00'), v_method);
end
$$;
revoke all on function api.autoship_terms(uuid, uuid, integer, integer, text, date) from public;
grant execute on function api.autoship_terms(uuid, uuid, integer, integer, text, date) to mlm_app, mlm_definer;
comment on function api.autoship_terms(uuid, uuid, integer, integer, text, date) is
  'The autoship agreement exactly as the customer is shown it before consenting '
  '(api.autoship_create stores it). Any signed-in user, for a customer it may see; refuses MLVAL '
  '(customer, product, quantity, frequency, shipping method, first date; column named).';
