-- Customers the caller may see (RLS: a distributor its own, staff all),
-- matching p_query in the name, email, phone or customer number; own
-- accounts first, then by name. p_id picks one customer.
create or replace function api.customer_search(p_query text default '', p_status public.customer_status default null,
                                               p_id uuid default null, p_limit integer default 50,
                                               p_offset integer default 0)
returns table (id uuid, customer_number text, first_name text, last_name text, email text, phone text,
               status public.customer_status, is_own_account boolean, marketing_opt_in boolean,
               auto_ship_enabled boolean, lifetime_value numeric, first_order_date date, last_order_date date,
               distributor_id uuid, distributor_number text, distributor_name text, created_at timestamptz)
language sql stable
set search_path = ''
as $$
  with pattern as (
    select '%' || replace(replace(replace(btrim(coalesce(p_query, '')), '\', '\\'), '%', '\%'), '_', '\_') || '%' as q
  ), hits as (
    select c.*
      from public.customers c, pattern
     where (p_id is null or c.id = p_id)
       and (p_status is null or c.status = p_status)
       and (btrim(coalesce(p_query, '')) = ''
            or (coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) ilike pattern.q
            or c.email::text ilike pattern.q
            or c.customer_number ilike pattern.q
            or c.phone ilike pattern.q)
     order by c.is_own_account desc, lower(c.last_name), lower(c.first_name), c.customer_number
     limit least(greatest(coalesce(p_limit, 50), 1), 500) offset greatest(coalesce(p_offset, 0), 0)
  ), people as (
    -- no hits: an empty array, not null (null asks for everyone the caller may see)
    select * from api.distributor_people(coalesce((select array_agg(distinct h.distributor_id) from hits h), '{}'))
  )
  select h.id, h.customer_number::text, h.first_name::text, h.last_name::text, h.email::text, h.phone::text,
         h.status, h.is_own_account, h.marketing_opt_in, h.auto_ship_enabled, h.lifetime_value,
         h.first_order_date, h.last_order_date, h.distributor_id, p.distributor_number::text,
         nullif(btrim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), ''), h.created_at
    from hits h
    left join people p on p.user_id = h.distributor_id
   order by h.is_own_account desc, lower(h.last_name), lower(h.first_name), h.customer_number
$$;
revoke all on function api.customer_search(text, public.customer_status, uuid, integer, integer) from public;
grant execute on function api.customer_search(text, public.customer_status, uuid, integer, integer) to mlm_app;
comment on function api.customer_search(text, public.customer_status, uuid, integer, integer) is
  'Customers the caller may see (a distributor its own, staff all) matching a query in name, email,'
  ' phone or number, own accounts first. Any signed-in user (RLS).';
