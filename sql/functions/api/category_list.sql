-- Product categories with how many products each holds (every signed-in role).
create or replace function api.category_list()
returns table (id uuid, name text, slug text, sort_order integer, is_active boolean, product_count bigint)
language sql stable
set search_path = ''
as $$
  select c.id, c.name::text, c.slug::text, c.sort_order, c.is_active,
         (select count(*) from public.products p where p.category_id = c.id)
    from public.product_categories c
   order by c.sort_order, c.name
$$;
revoke all on function api.category_list() from public;
grant execute on function api.category_list() to mlm_app;
comment on function api.category_list() is
  'Product categories with how many products each holds. Any signed-in user.';
