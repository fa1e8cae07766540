-- Cancel an unpaid order: a distributor its own (credited to it or placed
-- for its customers), support and admins any. The reserved stock goes back.
-- Paid orders are refunded instead (api.order_refund).
create or replace function api.order_cancel(p_order_id uuid, p_reason text default null)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_order public.orders;
begin
  if not coalesce(auth.user_role() in ('distributor', 'support', 'admin'), false) then
    raise exception using errcode = 'MLDNY', message = 'Your role does not cancel orders.';
  end if;
  v_order := private.order_lock(p_order_id);
  if v_order.status = 'cancelled' then
    raise exception using errcode = 'MLVAL', message = 'This order is already cancelled.', column = 'reason';
  end if;
  if v_order.status <> 'pending' or v_order.payment_status not in ('pending', 'failed') then
    raise exception using errcode = 'MLVAL', column = 'reason',
      message = 'Only unpaid orders can be cancelled; a paid order is refunded.';
  end if;
  if length(btrim(p_reason)) > 500 then
    raise exception using errcode = 'MLVAL', message = 'At most 500 characters.', column = 'reason';
  end if;
  update public.orders o
     set status = 'cancelled', cancelled_at = public.app_now(), cancel_reason = nullif(btrim(p_reason), '')
   where o.id = p_order_id;
  perform private.order_stock_return(p_order_id);
end
$$;
alter function api.order_cancel(uuid, text) owner to mlm_definer;
revoke all on function api.order_cancel(uuid, text) from public;
grant execute on function api.order_cancel(uuid, text) to mlm_app;
comment on function api.order_cancel(uuid, text) is
  'Cancels an unpaid order and returns its reserved stock (paid orders are refunded instead). A '
  'distributor its own orders, support and admins any: refuses MLDNY and MLVAL (already cancelled, '
  'paid, reason too long).';
