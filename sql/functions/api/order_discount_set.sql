-- Admin: give (or with both values null, remove) the discount of an unpaid
-- order, as a percentage or an amount, with a reason. The order's charges
-- are computed again (api.order_charges) from its captured lines, its
-- ship-to address and shipping method, with the rates as they are now.
create or replace function api.order_discount_set(p_order_id uuid, p_percent numeric, p_amount numeric,
                                                  p_reason text)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_order public.orders;
  v_charges record;
  v_removing boolean := p_percent is null and coalesce(p_amount, 0) = 0;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can give a discount.';
  end if;
  v_order := private.order_lock(p_order_id);
  if v_order.status <> 'pending' or v_order.payment_status not in ('pending', 'failed') then
    raise exception using errcode = 'MLVAL', message = 'Only an unpaid order''s discount can change.',
      column = 'discount_value';
  end if;
  if not v_removing and (nullif(btrim(p_reason), '') is null or length(btrim(p_reason)) > 500) then
    raise exception using errcode = 'MLVAL', message = 'Say why the discount is given (at most 500 characters).',
      column = 'discount_reason';
  end if;
  select * into v_charges
    from api.order_charges(v_order.subtotal, p_percent, case when v_removing then null else p_amount end,
                           v_order.shipping_address ->> 'country', v_order.shipping_address ->> 'region',
                           v_order.shipping_method);
  update public.orders o
     set discount_amount = v_charges.discount, discount_percent = p_percent,
         discount_reason = case when v_charges.discount > 0 then btrim(p_reason) end,
         tax_rate = v_charges.tax_rate, tax_amount = v_charges.tax, shipping_amount = v_charges.shipping,
         total = v_charges.total
   where o.id = p_order_id;
end
$$;
alter function api.order_discount_set(uuid, numeric, numeric, text) owner to mlm_definer;
revoke all on function api.order_discount_set(uuid, numeric, numeric, text) from public;
grant execute on function api.order_discount_set(uuid, numeric, numeric, text) to mlm_app;
comment on function api.order_discount_set(uuid, numeric, numeric, text) is
  'Gives (or removes) the discount of an unpaid order, as a percentage or an amount, with a reason;'
  ' the charges are computed again. Admins only: refuses MLDNY and MLVAL (a paid order, no reason, '
  'the discount checks of api.order_charges).';
