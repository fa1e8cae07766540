-- The newest orders the caller may see (RLS decides: own for a distributor,
-- all for staff who read orders).
create or replace function api.home_recent_orders(p_limit integer default 5)
returns table (id uuid, order_number text, status public.order_status, total numeric, total_pv numeric,
               created_at timestamptz, customer_name text, distributor_name text)
language sql stable
set search_path = ''
as $$
  select o.id, o.order_number, o.status, o.total, o.total_pv, o.created_at,
         nullif(btrim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), ''),
         (select btrim(p.first_name || ' ' || p.last_name)
            from api.distributor_people(array[o.distributor_id]) p)
    from public.orders o
    left join public.customers c on c.id = o.customer_id
   order by o.created_at desc
   limit least(greatest(p_limit, 1), 100)
$$;
revoke all on function api.home_recent_orders(integer) from public;
grant execute on function api.home_recent_orders(integer) to mlm_app;
comment on function api.home_recent_orders(integer) is
  'The newest orders the caller may see (a distributor its own, staff who read orders all). Any '
  'signed-in user (RLS).';
