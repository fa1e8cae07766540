-- Tax rates by country and region (every signed-in role reads them).
create or replace function api.tax_rate_list()
returns table (id uuid, country text, region text, rate numeric, rate_percent numeric, name text,
               is_active boolean, updated_at timestamptz)
language sql stable
set search_path = ''
as $$
  select t.id, t.country::text, t.region::text, t.rate, t.rate * 100, t.name::text, t.is_active, t.updated_at
    from public.tax_rates t
   order by t.country, t.region nulls first
$$;
revoke all on function api.tax_rate_list() from public;
grant execute on function api.tax_rate_list() to mlm_app;
comment on function api.tax_rate_list() is
  'Tax rates by country and region. Any signed-in user.';
