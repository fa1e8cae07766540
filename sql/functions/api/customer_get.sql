-- One customer with everything its page shows: details, addresses, the
-- distributor it belongs to, order figures, and what the caller may do.
-- Invoker: nothing when the caller may not see the customer.
create or replace function api.customer_get(p_id uuid)
returns table (id uuid, customer_number text, distributor_id uuid, distributor_number text,
               distributor_name text, email text, phone text, first_name text, last_name text,
               preferred_language text, billing_address jsonb, shipping_addresses jsonb,
               marketing_opt_in boolean, auto_ship_enabled boolean, lifetime_value numeric,
               first_order_date date, last_order_date date, status public.customer_status, notes text,
               is_own_account boolean, order_count bigint, open_order_count bigint,
               created_at timestamptz, updated_at timestamptz,
               can_edit boolean, can_order boolean, can_autoship boolean)
language sql stable
set search_path = ''
as $$
  select c.id, c.customer_number::text, c.distributor_id, p.distributor_number::text,
         nullif(btrim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), ''),
         c.email::text, c.phone::text, c.first_name::text, c.last_name::text, c.preferred_language::text,
         c.billing_address, c.shipping_addresses, c.marketing_opt_in, c.auto_ship_enabled, c.lifetime_value,
         c.first_order_date, c.last_order_date, c.status, c.notes, c.is_own_account,
         (select count(*) from public.orders o where o.customer_id = c.id),
         (select count(*) from public.orders o where o.customer_id = c.id
             and o.status in ('pending', 'confirmed', 'processing', 'shipped')),
         c.created_at, c.updated_at,
         coalesce(auth.user_role() in ('distributor', 'support', 'admin'), false),
         coalesce(auth.user_role() in ('distributor', 'admin'), false) and c.status = 'active',
         coalesce(auth.user_role() in ('distributor', 'support', 'admin'), false) and c.status = 'active'
    from public.customers c
    left join api.distributor_people(array[(select c2.distributor_id from public.customers c2 where c2.id = p_id)]) p
      on p.user_id = c.distributor_id
   where c.id = p_id
$$;
revoke all on function api.customer_get(uuid) from public;
grant execute on function api.customer_get(uuid) to mlm_app;
comment on function api.customer_get(uuid) is
  'One customer with everything its page shows: details, addresses, distributor, order figures and '
  'what the caller may do. Any signed-in user; no row when RLS hides the customer.';
