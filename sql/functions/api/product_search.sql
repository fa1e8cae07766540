-- The catalogue, for every signed-in role (RLS: products are readable by
-- all, written by admins). p_orderable: only what can be ordered now
-- (active, launched). p_id picks one product.
create or replace function api.product_search(p_query text default '', p_category_id uuid default null,
                                              p_status public.product_status default null,
                                              p_orderable boolean default false, p_id uuid default null,
                                              p_subscription boolean default null,
                                              p_limit integer default 100, p_offset integer default 0)
returns table (id uuid, sku text, name text, description text, short_description text,
               category_id uuid, category_name text, price numeric, cost numeric, pv numeric,
               is_subscription boolean, subscription_frequency integer, inventory_tracked boolean,
               stock_quantity integer, min_stock_level integer, status public.product_status,
               launch_date date, discontinued_date date, orderable boolean, low_stock boolean,
               created_at timestamptz, updated_at timestamptz)
language sql stable
set search_path = ''
as $$
  with pattern as (
    select '%' || replace(replace(replace(btrim(coalesce(p_query, '')), '\', '\\'), '%', '\%'), '_', '\_') || '%' as q,
           (public.app_now() at time zone 'UTC')::date as today
  )
  select p.id, p.sku::text, p.name::text, p.description, p.short_description, p.category_id, c.name::text,
         p.price, p.cost, p.pv, p.is_subscription, p.subscription_frequency, p.inventory_tracked,
         p.stock_quantity, p.min_stock_level, p.status, p.launch_date, p.discontinued_date,
         p.status = 'active' and (p.launch_date is null or p.launch_date <= pattern.today),
         p.inventory_tracked and p.stock_quantity <= p.min_stock_level,
         p.created_at, p.updated_at
    from public.products p
    cross join pattern
    left join public.product_categories c on c.id = p.category_id
   where (p_id is null or p.id = p_id)
     and (p_category_id is null or p.category_id = p_category_id)
     and (p_status is null or p.status = p_status)
     and (p_subscription is null or p.is_subscription = p_subscription)
     and (not coalesce(p_orderable, false)
          or (p.status = 'active' and (p.launch_date is null or p.launch_date <= pattern.today)))
     and (btrim(coalesce(p_query, '')) = '' or p.name ilike pattern.q or p.sku ilike pattern.q)
   order by c.sort_order nulls last, c.name, p.name, p.sku
   limit least(greatest(coalesce(p_limit, 100), 1), 1000) offset greatest(coalesce(p_offset, 0), 0)
$$;
revoke all on function api.product_search(text, uuid, public.product_status, boolean, uuid, boolean, integer, integer)
  from public;
grant execute on function api.product_search(text, uuid, public.product_status, boolean, uuid, boolean, integer, integer)
  to mlm_app;
comment on function api.product_search(text, uuid, public.product_status, boolean, uuid, boolean,
  integer, integer) is
  'The catalogue (p_orderable: only what can be ordered now; p_id: one product). Any signed-in '
  'user.';
