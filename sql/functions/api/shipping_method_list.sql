-- Shipping methods with their prices, one row per (method, rate); a method
-- without rates has one row with null rate columns. Every signed-in role.
create or replace function api.shipping_method_list()
returns table (id uuid, code text, name text, description text, is_active boolean, sort_order integer,
               rate_id uuid, country text, price numeric, free_from numeric)
language sql stable
set search_path = ''
as $$
  select m.id, m.code::text, m.name::text, m.description, m.is_active, m.sort_order,
         r.id, r.country::text, r.price, r.free_from
    from public.shipping_methods m
    left join public.shipping_rates r on r.method_id = m.id
   order by m.sort_order, m.name, r.country nulls last
$$;
revoke all on function api.shipping_method_list() from public;
grant execute on function api.shipping_method_list() to mlm_app;
comment on function api.shipping_method_list() is
  'Shipping methods with their prices, one row per (method, rate). Any signed-in user.';
