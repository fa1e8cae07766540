-- Support and admins move a paid order along: confirmed -> processing;
-- confirmed or processing -> shipped (tracking number required, sets
-- shipped_at); shipped -> delivered (sets delivered_at).
create or replace function api.order_advance(p_order_id uuid, p_status public.order_status,
                                             p_tracking_number text default null)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_order public.orders;
begin
  if not coalesce(auth.user_role() in ('support', 'admin'), false) then
    raise exception using errcode = 'MLDNY', message = 'Only support and admins ship orders.';
  end if;
  v_order := private.order_lock(p_order_id);
  if not (p_status = 'processing' and v_order.status = 'confirmed'
          or p_status = 'shipped' and v_order.status in ('confirmed', 'processing')
          or p_status = 'delivered' and v_order.status = 'shipped') then
    raise exception using errcode = 'MLVAL', column = 'status',
      message = format('An order that is %s cannot become %s.', v_order.status, coalesce(p_status::text, 'nothing'));
  end if;
  if p_status = 'shipped'
     and (nullif(btrim(p_tracking_number), '') is null or length(btrim(p_tracking_number)) > 100
          or btrim(p_tracking_number) !~ '^[A-Za-z0-9][A-Za-z0-9 ._/-]*$') then
    raise exception using errcode = 'MLVAL', column = 'tracking_number',
      message = 'Enter the carrier''s tracking number (letters, digits, - . / _; at most 100).';
  end if;
  update public.orders o
     set status = p_status,
         tracking_number = case when p_status = 'shipped' then btrim(p_tracking_number) else o.tracking_number end,
         shipped_at = case when p_status = 'shipped' then public.app_now() else o.shipped_at end,
         delivered_at = case when p_status = 'delivered' then public.app_now() else o.delivered_at end
   where o.id = p_order_id;
end
$$;
alter function api.order_advance(uuid, public.order_status, text) owner to mlm_definer;
revoke all on function api.order_advance(uuid, public.order_status, text) from public;
grant execute on function api.order_advance(uuid, public.order_status, text) to mlm_app;
comment on function api.order_advance(uuid, public.order_status, text) is
  'Moves a paid order along: confirmed to processing, to shipped (tracking number required), to '
  'delivered. Support and admins only: refuses MLDNY and MLVAL (a status change not allowed from '
  'here, a bad tracking number).';
