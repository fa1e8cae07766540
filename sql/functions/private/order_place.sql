-- Place an order: the one code path that creates orders and their lines
-- (api.order_place for people, api.autoship_run for autoships).
--
-- Who: a distributor for its own customers (credited to itself), an admin
-- (and the system user) for any customer (credited to the customer's
-- distributor). Personal order exactly when the customer is the
-- distributor's own account. Lines take price and PV from the catalogue as
-- it is now; a product that is not active, not launched or short of stock
-- refuses the whole order (MLVAL lines). Stock is reserved under row locks
-- taken in product id order: of two orders for the last unit, the second
-- waits for the first and then finds none left. Money from
-- api.order_charges; only an admin gives a discount (with a reason).
-- p_idempotency_key: one per rendered form; placing again with the same key
-- (a double submit, a retry) returns the first order and changes nothing.
create or replace function private.order_place(
  p_customer_id uuid, p_lines jsonb, p_ship_to integer, p_shipping_method text, p_notes text,
  p_discount_percent numeric, p_discount_amount numeric, p_discount_reason text, p_idempotency_key uuid,
  p_autoship_id uuid default null, p_autoship_due_on date default null)
returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_me uuid := auth.user_id();
  v_role public.user_role := auth.user_role();
  v_today date := (public.app_now() at time zone 'UTC')::date;
  v_customer public.customers%rowtype;
  v_distributor_status public.distributor_status;
  v_ship jsonb;
  v_lines jsonb;
  v_bad record;
  v_subtotal numeric;
  v_pv numeric;
  v_charges record;
  v_id uuid;
  v_constraint text;
begin
  if v_role is null or v_role not in ('distributor', 'admin') then
    raise exception using errcode = 'MLDNY', message = 'Only distributors and admins place orders.';
  end if;
  if p_idempotency_key is not null then
    -- A second submit of the same form waits here for the first to finish,
    -- then finds its order.
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(v_me::text || p_idempotency_key::text, 5));
    select o.id into v_id from public.orders o where o.placed_by = v_me and o.idempotency_key = p_idempotency_key;
    if found then
      return v_id;
    end if;
  end if;

  select * into v_customer from public.customers c where c.id = p_customer_id;
  if not found or (v_role = 'distributor' and v_customer.distributor_id <> v_me) then
    raise exception using errcode = 'MLDNY', message = 'This customer does not exist or is not yours.';
  end if;
  if v_customer.status <> 'active' then
    raise exception using errcode = 'MLVAL', column = 'customer_id',
      message = format('This customer is %s: set them active before ordering.', v_customer.status);
  end if;
  select d.status into v_distributor_status from public.distributors d where d.user_id = v_customer.distributor_id;
  if v_distributor_status in ('terminated', 'on_hold') then
    raise exception using errcode = 'MLVAL', column = 'customer_id',
      message = format('The distributor of this customer is %s: no new orders.',
                       replace(v_distributor_status::text, '_', ' '));
  end if;
  if p_discount_percent is not null or coalesce(p_discount_amount, 0) <> 0 then
    if v_role <> 'admin' then
      raise exception using errcode = 'MLDNY', message = 'Only an admin can give a discount.';
    end if;
    if nullif(btrim(p_discount_reason), '') is null or length(btrim(p_discount_reason)) > 500 then
      raise exception using errcode = 'MLVAL', message = 'Say why the discount is given (at most 500 characters).',
        column = 'discount_reason';
    end if;
  end if;
  if length(p_notes) > 2000 then
    raise exception using errcode = 'MLVAL', message = 'At most 2,000 characters.', column = 'notes';
  end if;
  v_ship := api.customer_ship_to(p_customer_id, p_ship_to);

  -- The lines, checked; then the products locked in id order and checked again.
  select jsonb_agg(jsonb_build_object('line_no', l.line_no, 'product_id', l.product_id, 'quantity', l.quantity,
                                      'problem', l.problem) order by l.line_no)
    into v_lines from api.order_lines_parse(p_lines) l;
  if v_lines is null then
    raise exception using errcode = 'MLVAL', message = 'Add at least one product.', column = 'lines';
  end if;
  select e ->> 'problem' as problem, (e ->> 'line_no')::integer as line_no into v_bad
    from jsonb_array_elements(v_lines) e where e ->> 'problem' is not null limit 1;
  if found then
    raise exception using errcode = 'MLVAL', column = 'lines', message = v_bad.problem;
  end if;
  perform 1 from public.products p
   where p.id in (select (e ->> 'product_id')::uuid from jsonb_array_elements(v_lines) e)
   order by p.id for update;
  select p.name, p.sku, p.status, p.launch_date, p.stock_quantity, p.inventory_tracked,
         (e ->> 'quantity')::integer as quantity, p.id is null as missing
    into v_bad
    from jsonb_array_elements(v_lines) e
    left join public.products p on p.id = (e ->> 'product_id')::uuid
   where p.id is null or p.status <> 'active' or p.launch_date > v_today
      or (p.inventory_tracked and p.stock_quantity < (e ->> 'quantity')::integer)
   order by (e ->> 'line_no')::integer
   limit 1;
  if found then
    raise exception using errcode = 'MLVAL', column = 'lines',
      message = case when v_bad.missing then 'Choose a product from the list.'
                     when v_bad.status = 'discontinued'
                       then format('%s is discontinued and can no longer be ordered.', v_bad.name)
                     when v_bad.status <> 'active' then format('%s is not available at the moment.', v_bad.name)
                     when v_bad.launch_date > v_today then format('%s is available from %s.', v_bad.name, v_bad.launch_date)
                     when v_bad.stock_quantity = 0 then format('%s is out of stock.', v_bad.name)
                     else format('Only %s of %s left in stock.', v_bad.stock_quantity, v_bad.name) end;
  end if;
  select sum(p.price * (e ->> 'quantity')::integer), sum(p.pv * (e ->> 'quantity')::integer)
    into v_subtotal, v_pv
    from jsonb_array_elements(v_lines) e join public.products p on p.id = (e ->> 'product_id')::uuid;
  select * into v_charges
    from api.order_charges(v_subtotal, p_discount_percent, p_discount_amount, v_ship ->> 'country',
                           v_ship ->> 'region', p_shipping_method);

  begin
    insert into public.orders (customer_id, distributor_id, order_type, status, payment_status, subtotal,
                               discount_amount, discount_percent, discount_reason, tax_rate, tax_amount,
                               shipping_amount, total, shipping_address, billing_address, shipping_method,
                               notes, placed_by, idempotency_key, autoship_id, autoship_due_on,
                               total_pv, items_subtotal)
    values (v_customer.id, v_customer.distributor_id,
            case when v_customer.is_own_account then 'personal' else 'retail' end::public.order_type,
            'pending', 'pending', v_subtotal, v_charges.discount, p_discount_percent,
            case when v_charges.discount > 0 then btrim(p_discount_reason) end, v_charges.tax_rate, v_charges.tax,
            v_charges.shipping, v_charges.total, v_ship, coalesce(v_customer.billing_address, v_ship),
            p_shipping_method, nullif(btrim(p_notes), ''), v_me, p_idempotency_key, p_autoship_id,
            p_autoship_due_on, v_pv, v_subtotal)
    returning id into v_id;
  exception when unique_violation then
    get stacked diagnostics v_constraint = constraint_name;
    if v_constraint = 'uq_orders_idempotency' then
      -- The same form placed twice at once: the other one won; nothing more was written.
      select o.id into v_id from public.orders o where o.placed_by = v_me and o.idempotency_key = p_idempotency_key;
      return v_id;
    end if;
    raise;
  end;

  -- total_pv and items_subtotal are already the sums of these lines, so
  -- tg_order_items__totals finds nothing to change.
  insert into public.order_items (order_id, product_id, quantity, unit_price, total_price, pv)
  select v_id, p.id, (e ->> 'quantity')::integer, p.price, p.price * (e ->> 'quantity')::integer,
         p.pv * (e ->> 'quantity')::integer
    from jsonb_array_elements(v_lines) e
    join public.products p on p.id = (e ->> 'product_id')::uuid
   order by (e ->> 'line_no')::integer;
  update public.products p
     set stock_quantity = p.stock_quantity - (e ->> 'quantity')::integer
    from jsonb_array_elements(v_lines) e
   where p.id = (e ->> 'product_id')::uuid and p.inventory_tracked;
  return v_id;
end
$$;
alter function private.order_place(uuid, jsonb, integer, text, text, numeric, numeric, text, uuid, uuid, date)
  owner to mlm_definer;
revoke all on function private.order_place(uuid, jsonb, integer, text, text, numeric, numeric, text, uuid, uuid, date)
  from public;
comment on function private.order_place(uuid, jsonb, integer, text, text, numeric, numeric, text,
  uuid, uuid, date) is
  'Places an order (the one code path for the order form and autoships): prices and PV from the '
  'catalogue, stock reserved, idempotent by key. A distributor for its own customers, an admin or '
  'the system user for any; refuses MLDNY and MLVAL.';
