-- Record that an order was paid in full: pending -> confirmed,
-- payment_status paid, paid_at (now, or the provider's time for an import:
-- not in the future, not before the order). The amount must be the order's
-- total to the cent (whole payments only in this version). The volume
-- triggers then add +PV at paid_at, or refuse (MLCLS) when that month is
-- closed. The caller has checked who may; the order is locked here.
create or replace function private.order_payment_apply(p_order_id uuid, p_method text, p_reference text,
                                                       p_amount numeric, p_paid_at timestamptz default null)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_order public.orders;
  v_paid_at timestamptz := coalesce(p_paid_at, public.app_now());
begin
  v_order := private.order_lock(p_order_id);
  if v_order.payment_status in ('paid', 'refunded') then
    raise exception using errcode = 'MLVAL', column = 'payment_reference',
      message = format('Order %s is already paid (reference %s).', v_order.order_number,
                       coalesce(v_order.payment_reference, 'none'));
  end if;
  if v_order.status <> 'pending' then
    raise exception using errcode = 'MLVAL', column = 'payment_reference',
      message = format('Order %s is %s: it cannot be paid.', v_order.order_number, v_order.status);
  end if;
  if p_method is null or p_method not in ('card', 'paypal', 'bank_transfer', 'cash', 'check', 'other') then
    raise exception using errcode = 'MLVAL', message = 'Choose how it was paid.', column = 'payment_method';
  end if;
  if nullif(btrim(p_reference), '') is null or length(btrim(p_reference)) > 100 then
    raise exception using errcode = 'MLVAL', column = 'payment_reference',
      message = 'Enter the payment reference (at most 100 characters).';
  end if;
  if p_amount is null then
    raise exception using errcode = 'MLVAL', message = 'Enter the amount received.', column = 'amount';
  end if;
  if p_amount <> v_order.total then
    raise exception using errcode = 'MLVAL', column = 'amount',
      message = format('The order total is %s; record the whole amount (partial payments are not supported).',
                       to_char(v_order.total, 'FM999,999,990.00'));
  end if;
  if v_paid_at > public.app_now() then
    raise exception using errcode = 'MLVAL', message = 'A payment cannot be in the future.', column = 'paid_at';
  end if;
  if v_paid_at < v_order.created_at then
    raise exception using errcode = 'MLVAL', message = 'A payment cannot be before the order was placed.',
      column = 'paid_at';
  end if;
  update public.orders o
     set status = 'confirmed', payment_status = 'paid', paid_at = v_paid_at, payment_method = p_method,
         payment_reference = btrim(p_reference)
   where o.id = p_order_id;
end
$$;
alter function private.order_payment_apply(uuid, text, text, numeric, timestamptz) owner to mlm_definer;
revoke all on function private.order_payment_apply(uuid, text, text, numeric, timestamptz) from public;
comment on function private.order_payment_apply(uuid, text, text, numeric, timestamp with time zone) is
  'Records that an order was paid in full (confirmed, paid, paid_at); its PV then counts. For '
  'definer functions that have checked who may; refuses MLVAL (reference, method, amount not the '
  'total, time) and MLCLS (a payment in a closed month).';
