-- Autoships the caller may see (RLS), of one customer or all: upcoming first
-- (active by next order date), then failed, then cancelled; with the
-- product, its price today, the last attempt and what the caller may do.
create or replace function api.autoship_list(p_customer_id uuid default null, p_limit integer default 100)
returns table (id uuid, customer_id uuid, customer_name text, product_id uuid, sku text, product_name text,
               unit_price numeric, quantity integer, frequency_days integer, shipping_method text,
               next_run_on date, status public.autoship_status, failure_count integer, last_error text,
               last_order_id uuid, last_order_number text, consent_text text, consent_at timestamptz,
               consent_ip text, cancelled_at timestamptz, created_at timestamptz,
               can_cancel boolean, can_resume boolean)
language sql stable
set search_path = ''
as $$
  select a.id, a.customer_id, nullif(btrim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), ''),
         a.product_id, p.sku::text, p.name::text, p.price, a.quantity, a.frequency_days, a.shipping_method::text,
         a.next_run_on, a.status, a.failure_count, a.last_error, a.last_order_id, o.order_number::text,
         a.consent_text, a.consent_at, host(a.consent_ip), a.cancelled_at, a.created_at,
         coalesce(auth.user_role() in ('distributor', 'support', 'admin'), false) and a.status <> 'cancelled',
         coalesce(auth.user_role() in ('distributor', 'support', 'admin'), false) and a.status = 'failed'
    from public.autoships a
    join public.customers c on c.id = a.customer_id
    join public.products p on p.id = a.product_id
    left join public.orders o on o.id = a.last_order_id
   where p_customer_id is null or a.customer_id = p_customer_id
   order by case a.status when 'active' then 0 when 'failed' then 1 else 2 end, a.next_run_on, p.name
   limit least(greatest(coalesce(p_limit, 100), 1), 1000)
$$;
revoke all on function api.autoship_list(uuid, integer) from public;
grant execute on function api.autoship_list(uuid, integer) to mlm_app;
comment on function api.autoship_list(uuid, integer) is
  'The autoships the caller may see (RLS), of one customer or all: upcoming first, then failed, '
  'then cancelled, with product, price today, last attempt and what the caller may do. Any '
  'signed-in user.';
