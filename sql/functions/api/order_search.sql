-- Orders the caller may see (RLS: a distributor those credited to it or
-- placed for its customers; staff all), newest first, matching p_query in
-- the order number, the customer's name or number; optionally by status,
-- customer or distributor.
create or replace function api.order_search(p_query text default '', p_status public.order_status default null,
                                            p_customer_id uuid default null, p_distributor_id uuid default null,
                                            p_limit integer default 50, p_offset integer default 0)
returns table (id uuid, order_number text, order_type public.order_type, status public.order_status,
               payment_status public.payment_status, customer_id uuid, customer_name text, customer_number text,
               distributor_id uuid, distributor_name text, total numeric, total_pv numeric,
               created_at timestamptz, paid_at timestamptz, autoship_id uuid)
language sql stable
set search_path = ''
as $$
  with pattern as (
    select '%' || replace(replace(replace(btrim(coalesce(p_query, '')), '\', '\\'), '%', '\%'), '_', '\_') || '%' as q
  ), hits as (
    select o.id, o.order_number, o.order_type, o.status, o.payment_status, o.customer_id,
           nullif(btrim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), '') as customer_name,
           c.customer_number, o.distributor_id, o.total, o.total_pv, o.created_at, o.paid_at, o.autoship_id
      from public.orders o
      cross join pattern
      left join public.customers c on c.id = o.customer_id
     where (p_status is null or o.status = p_status)
       and (p_customer_id is null or o.customer_id = p_customer_id)
       and (p_distributor_id is null or o.distributor_id = p_distributor_id)
       and (btrim(coalesce(p_query, '')) = ''
            or o.order_number ilike pattern.q
            or c.customer_number ilike pattern.q
            or (coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) ilike pattern.q)
     order by o.created_at desc, o.order_number desc
     limit least(greatest(coalesce(p_limit, 50), 1), 500) offset greatest(coalesce(p_offset, 0), 0)
  ), people as (
    select * from api.distributor_people((select array_agg(distinct h.distributor_id) from hits h))
  )
  select h.id, h.order_number::text, h.order_type, h.status, h.payment_status, h.customer_id, h.customer_name,
         h.customer_number::text, h.distributor_id,
         nullif(btrim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), ''),
         h.total, h.total_pv, h.created_at, h.paid_at, h.autoship_id
    from hits h
    left join people p on p.user_id = h.distributor_id
   order by h.created_at desc, h.order_number desc
$$;
revoke all on function api.order_search(text, public.order_status, uuid, uuid, integer, integer) from public;
grant execute on function api.order_search(text, public.order_status, uuid, uuid, integer, integer) to mlm_app;
comment on function api.order_search(text, public.order_status, uuid, uuid, integer, integer) is
  'Orders the caller may see (a distributor those credited to it or placed for its customers, staff'
  ' all), newest first, by number, customer, status or distributor. Any signed-in user (RLS).';
