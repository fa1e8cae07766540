-- Admin: create (p_id null) or edit a product. Prices and PV in the
-- currency's cents (at most two decimals, never rounded silently); SKU
-- unique whatever its case (stored upper case). Stock is set here only when
-- the product is created; afterwards it moves with orders and with
-- api.product_stock_adjust. Discontinuing stamps discontinued_date; orders
-- already placed keep their captured prices and PV. Invoker: RLS lets only
-- admins write products.
create or replace function api.product_save(
  p_id uuid, p_sku text, p_name text, p_price numeric, p_pv numeric,
  p_cost numeric default null, p_category_id uuid default null, p_description text default null,
  p_short_description text default null, p_status public.product_status default 'active',
  p_is_subscription boolean default false, p_subscription_frequency integer default null,
  p_inventory_tracked boolean default true, p_stock_quantity integer default 0,
  p_min_stock_level integer default 0, p_launch_date date default null)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_sku text := upper(btrim(coalesce(p_sku, '')));
  v_today date := (public.app_now() at time zone 'UTC')::date;
  v_id uuid;
  v_check record;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can change the catalogue.';
  end if;
  if v_sku !~ '^[A-Z0-9][A-Z0-9._-]{0,49}$' then
    raise exception using errcode = 'MLVAL', column = 'sku',
      message = 'A SKU has 1-50 letters, digits, dots, dashes or underscores, starting with a letter or digit.';
  end if;
  if exists (select from public.products p where upper(p.sku) = v_sku and p.id is distinct from p_id) then
    raise exception using errcode = 'MLVAL', message = 'Another product has this SKU.', column = 'sku';
  end if;
  if nullif(btrim(p_name), '') is null or length(btrim(p_name)) > 200 then
    raise exception using errcode = 'MLVAL', message = 'Enter a name of at most 200 characters.', column = 'name';
  end if;
  for v_check in
    select * from (values ('price', 'price', p_price, true), ('pv', 'PV', p_pv, true),
                          ('cost', 'cost', p_cost, false)) as t (col, label, value, required)
  loop
    if v_check.value is null then
      if v_check.required then
        raise exception using errcode = 'MLVAL', message = format('Enter the %s.', v_check.label),
          column = v_check.col;
      end if;
    elsif v_check.value < 0 or v_check.value >= 1000000 then
      raise exception using errcode = 'MLVAL', column = v_check.col,
        message = format('The %s must be from 0 to 999,999.99.', v_check.label);
    elsif v_check.value <> round(v_check.value, 2) then
      raise exception using errcode = 'MLVAL', column = v_check.col,
        message = format('The %s has at most two decimals.', v_check.label);
    end if;
  end loop;
  if p_category_id is not null and not exists (select from public.product_categories c where c.id = p_category_id) then
    raise exception using errcode = 'MLVAL', message = 'Choose one of the categories.', column = 'category_id';
  end if;
  if length(p_description) > 10000 then
    raise exception using errcode = 'MLVAL', message = 'At most 10,000 characters.', column = 'description';
  end if;
  if length(p_short_description) > 500 then
    raise exception using errcode = 'MLVAL', message = 'At most 500 characters.', column = 'short_description';
  end if;
  if coalesce(p_is_subscription, false)
     and (p_subscription_frequency is null or p_subscription_frequency not between 1 and 365) then
    raise exception using errcode = 'MLVAL', column = 'subscription_frequency',
      message = 'A subscription product needs a frequency of 1 to 365 days.';
  end if;
  if p_stock_quantity is null or p_stock_quantity not between 0 and 10000000 then
    raise exception using errcode = 'MLVAL', message = 'Stock is a whole number from 0 to 10,000,000.',
      column = 'stock_quantity';
  end if;
  if p_min_stock_level is null or p_min_stock_level not between 0 and 10000000 then
    raise exception using errcode = 'MLVAL', message = 'A whole number from 0 to 10,000,000.',
      column = 'min_stock_level';
  end if;

  if p_id is null then
    insert into public.products (sku, name, description, short_description, category_id, price, cost, pv,
                                 status, is_subscription, subscription_frequency, inventory_tracked,
                                 stock_quantity, min_stock_level, launch_date, discontinued_date)
    values (v_sku, btrim(p_name), nullif(btrim(p_description), ''), nullif(btrim(p_short_description), ''),
            p_category_id, p_price, p_cost, p_pv, coalesce(p_status, 'active'), coalesce(p_is_subscription, false),
            case when p_is_subscription then p_subscription_frequency end, coalesce(p_inventory_tracked, true),
            p_stock_quantity, p_min_stock_level, p_launch_date,
            case when p_status = 'discontinued' then greatest(v_today, p_launch_date) end)
    returning id into v_id;
  else
    update public.products p
       set sku = v_sku, name = btrim(p_name), description = nullif(btrim(p_description), ''),
           short_description = nullif(btrim(p_short_description), ''), category_id = p_category_id,
           price = p_price, cost = p_cost, pv = p_pv, status = coalesce(p_status, p.status),
           is_subscription = coalesce(p_is_subscription, false),
           subscription_frequency = case when p_is_subscription then p_subscription_frequency end,
           inventory_tracked = coalesce(p_inventory_tracked, p.inventory_tracked),
           min_stock_level = p_min_stock_level, launch_date = p_launch_date,
           discontinued_date = case when coalesce(p_status, p.status) = 'discontinued'
                                    then coalesce(p.discontinued_date, greatest(v_today, p_launch_date)) end
     where p.id = p_id
    returning p.id into v_id;
    if v_id is null then
      raise exception using errcode = 'MLVAL', message = 'This product no longer exists.', column = 'name';
    end if;
  end if;
  return v_id;
end
$$;
revoke all on function api.product_save(uuid, text, text, numeric, numeric, numeric, uuid, text, text,
                                        public.product_status, boolean, integer, boolean, integer, integer, date)
  from public;
grant execute on function api.product_save(uuid, text, text, numeric, numeric, numeric, uuid, text, text,
                                           public.product_status, boolean, integer, boolean, integer, integer, date)
  to mlm_app;
comment on function api.product_save(uuid, text, text, numeric, numeric, numeric, uuid, text, text,
  public.product_status, boolean, integer, boolean, integer, integer, date) is
  'Creates (p_id null) or edits a product (prices and PV to the cent, SKU unique in any case; stock'
  ' only on creation). Admins only: refuses MLDNY and MLVAL (SKU, name, prices, PV, category, '
  'texts, frequency, stock; column named).';
