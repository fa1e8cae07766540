-- One order for its page: the order, its customer and distributor, and what
-- the caller may do with it now (the api functions check again). Invoker:
-- nothing when the caller may not see the order.
create or replace function api.order_get(p_id uuid)
returns table (id uuid, order_number text, order_type public.order_type, status public.order_status,
               payment_status public.payment_status, customer_id uuid, customer_number text, customer_name text,
               customer_is_own_account boolean, distributor_id uuid, distributor_number text,
               distributor_name text, subtotal numeric, discount_amount numeric, discount_percent numeric,
               discount_reason text, tax_rate numeric, tax_amount numeric, shipping_amount numeric, total numeric,
               total_pv numeric, currency text, payment_method text, payment_reference text,
               shipping_address jsonb, billing_address jsonb, shipping_method text, shipping_name text,
               tracking_number text, notes text, paid_at timestamptz, refunded_at timestamptz, refund_reason text,
               cancelled_at timestamptz, cancel_reason text, shipped_at timestamptz, delivered_at timestamptz,
               created_at timestamptz, updated_at timestamptz, autoship_id uuid, placed_by_name text,
               can_cancel boolean, can_record_payment boolean, can_process boolean, can_ship boolean,
               can_deliver boolean, can_refund boolean, can_discount boolean)
language sql stable
set search_path = ''
as $$
  with me as (select auth.user_role() as role)
  select o.id, o.order_number::text, o.order_type, o.status, o.payment_status, o.customer_id,
         c.customer_number::text, nullif(btrim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), ''),
         coalesce(c.is_own_account, false), o.distributor_id, p.distributor_number::text,
         nullif(btrim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), ''),
         o.subtotal, o.discount_amount, o.discount_percent, o.discount_reason, o.tax_rate, o.tax_amount,
         o.shipping_amount, o.total, o.total_pv, o.currency::text, o.payment_method::text,
         o.payment_reference::text, o.shipping_address, o.billing_address, o.shipping_method::text,
         (select m.name::text from public.shipping_methods m where m.code = o.shipping_method),
         o.tracking_number::text, o.notes, o.paid_at, o.refunded_at, o.refund_reason, o.cancelled_at,
         o.cancel_reason, o.shipped_at, o.delivered_at, o.created_at, o.updated_at, o.autoship_id,
         (select nullif(btrim(coalesce(pb.first_name, '') || ' ' || coalesce(pb.last_name, '')), '')
            from api.distributor_people(array[o.placed_by]) pb),
         me.role in ('distributor', 'support', 'admin') and o.status = 'pending'
           and o.payment_status in ('pending', 'failed'),
         me.role in ('support', 'finance', 'admin') and o.status = 'pending'
           and o.payment_status in ('pending', 'failed'),
         me.role in ('support', 'admin') and o.status = 'confirmed',
         me.role in ('support', 'admin') and o.status in ('confirmed', 'processing'),
         me.role in ('support', 'admin') and o.status = 'shipped',
         me.role in ('support', 'admin') and o.payment_status = 'paid',
         me.role = 'admin' and o.status = 'pending' and o.payment_status in ('pending', 'failed')
    from public.orders o
    cross join me
    left join public.customers c on c.id = o.customer_id
    left join api.distributor_people(array[(select o2.distributor_id from public.orders o2 where o2.id = p_id)]) p
      on p.user_id = o.distributor_id
   where o.id = p_id
$$;
revoke all on function api.order_get(uuid) from public;
grant execute on function api.order_get(uuid) to mlm_app;
comment on function api.order_get(uuid) is
  'One order for its page: the order, its customer and distributor, and what the caller may do with'
  ' it now. Any signed-in user; no row when RLS hides the order.';
