-- The live totals of the order form: the lines priced from the catalogue as
-- it is now, and the order's charges (api.order_charges), without writing
-- anything. One row per line (line_no set) and one totals row (line_no
-- null). A line's problem (unknown or discontinued product, bad quantity,
-- not enough stock) leaves it out of the totals; api.order_place refuses
-- such lines. Invoker: only customers the caller may see.
create or replace function api.order_quote(p_customer_id uuid, p_lines jsonb, p_ship_to integer default null,
                                           p_shipping_method text default 'standard',
                                           p_discount_percent numeric default null,
                                           p_discount_amount numeric default null)
returns table (line_no integer, product_id uuid, sku text, name text, quantity integer, unit_price numeric,
               line_total numeric, line_pv numeric, stock_left integer, problem text,
               order_type public.order_type, ship_to jsonb, subtotal numeric, discount numeric, tax_rate numeric,
               tax numeric, shipping numeric, total numeric, total_pv numeric, tax_note text, shipping_name text)
language plpgsql stable
set search_path = ''
as $$
declare
  v_customer record;
  v_subtotal numeric := 0;
  v_pv numeric := 0;
  v_lines integer := 0;
  v_charges record;
begin
  select c.id, c.is_own_account into v_customer from public.customers c where c.id = p_customer_id;
  if not found then
    raise exception using errcode = 'MLVAL', message = 'Choose one of your customers.', column = 'customer_id';
  end if;
  ship_to := api.customer_ship_to(p_customer_id, p_ship_to);
  order_type := case when v_customer.is_own_account then 'personal' else 'retail' end;

  for line_no, product_id, sku, name, quantity, unit_price, line_total, line_pv, stock_left, problem in
    select l.line_no, l.product_id, p.sku, p.name, l.quantity, p.price, p.price * l.quantity, p.pv * l.quantity,
           case when p.inventory_tracked then p.stock_quantity end,
           coalesce(l.problem,
                    case when p.id is null then 'Choose a product from the list.'
                         when p.status = 'discontinued' then 'Discontinued: it can no longer be ordered.'
                         when p.status <> 'active' then 'Not available at the moment.'
                         when p.launch_date > (public.app_now() at time zone 'UTC')::date
                           then format('Available from %s.', p.launch_date)
                         when p.inventory_tracked and p.stock_quantity < l.quantity
                           then case when p.stock_quantity = 0 then 'Out of stock.'
                                     else format('Only %s left in stock.', p.stock_quantity) end
                    end)
      from api.order_lines_parse(p_lines) l
      left join public.products p on p.id = l.product_id
     order by l.line_no
  loop
    if problem is null then
      v_subtotal := v_subtotal + line_total;
      v_pv := v_pv + line_pv;
      v_lines := v_lines + 1;
    end if;
    return next;
  end loop;

  line_no := null; product_id := null; sku := null; name := null; quantity := null; unit_price := null;
  line_total := null; line_pv := null; stock_left := null; problem := null;
  subtotal := v_subtotal;
  total_pv := v_pv;
  select * into v_charges
    from api.order_charges(v_subtotal, p_discount_percent, p_discount_amount, ship_to ->> 'country',
                           ship_to ->> 'region', p_shipping_method);
  discount := v_charges.discount;
  tax_rate := v_charges.tax_rate;
  tax := v_charges.tax;
  shipping := case when v_lines = 0 then 0 else v_charges.shipping end;
  total := case when v_lines = 0 then 0 else v_charges.total end;
  tax_note := v_charges.tax_note;
  shipping_name := v_charges.shipping_name;
  return next;
end
$$;
revoke all on function api.order_quote(uuid, jsonb, integer, text, numeric, numeric) from public;
grant execute on function api.order_quote(uuid, jsonb, integer, text, numeric, numeric) to mlm_app;
comment on function api.order_quote(uuid, jsonb, integer, text, numeric, numeric) is
  'The live totals of the order form (lines priced from today''s catalogue, the charges), writing '
  'nothing. Any signed-in user for a customer it may see; refuses MLVAL (customer, and the '
  'charges'' checks).';
