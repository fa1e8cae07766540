-- The shipping methods that deliver to p_country, with their price there
-- (every signed-in role; the order form's choices).
create or replace function api.shipping_options(p_country text)
returns table (code text, name text, description text, price numeric, free_from numeric)
language sql stable
set search_path = ''
as $$
  select distinct on (m.sort_order, m.code) m.code::text, m.name::text, m.description, r.price, r.free_from
    from public.shipping_methods m
    join public.shipping_rates r on r.method_id = m.id and (r.country = upper(p_country) or r.country is null)
   where m.is_active
   order by m.sort_order, m.code, r.country is null
$$;
revoke all on function api.shipping_options(text) from public;
grant execute on function api.shipping_options(text) to mlm_app;
comment on function api.shipping_options(text) is
  'The shipping methods that deliver to a country, with their price there (the order form''s '
  'choices). Any signed-in user.';
