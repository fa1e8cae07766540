-- Support and admins refund a paid order, whole (the only kind in this
-- version), with a reason: status and payment_status refunded, refunded_at
-- now, stock back. The volume triggers add -PV at refunded_at: in the month
-- of the payment the two net to zero, in a later month it is a clawback of
-- that month; a refund dated in a closed month is refused (MLCLS).
create or replace function api.order_refund(p_order_id uuid, p_reason text)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_order public.orders;
begin
  if not coalesce(auth.user_role() in ('support', 'admin'), false) then
    raise exception using errcode = 'MLDNY', message = 'Only support and admins refund orders.';
  end if;
  v_order := private.order_lock(p_order_id);
  if v_order.payment_status <> 'paid' then
    raise exception using errcode = 'MLVAL', column = 'refund_reason',
      message = case when v_order.payment_status = 'refunded' then 'This order is already refunded.'
                     else 'Only paid orders can be refunded; an unpaid order is cancelled.' end;
  end if;
  if nullif(btrim(p_reason), '') is null or length(btrim(p_reason)) > 500 then
    raise exception using errcode = 'MLVAL', column = 'refund_reason',
      message = 'Say why the order is refunded (at most 500 characters).';
  end if;
  update public.orders o
     set status = 'refunded', payment_status = 'refunded', refunded_at = public.app_now(),
         refund_reason = btrim(p_reason)
   where o.id = p_order_id;
  perform private.order_stock_return(p_order_id);
end
$$;
alter function api.order_refund(uuid, text) owner to mlm_definer;
revoke all on function api.order_refund(uuid, text) from public;
grant execute on function api.order_refund(uuid, text) to mlm_app;
comment on function api.order_refund(uuid, text) is
  'Refunds a paid order, whole, with a reason: stock back, and the volume triggers add the negative'
  ' PV at the refund time. Support and admins only: refuses MLDNY, MLVAL (not paid, already '
  'refunded, no reason) and MLCLS (a refund dated in a closed month).';
