-- Orders the caller may see (RLS: a distributor those credited to it or
-- placed for its customers; staff all), newest first, matching p_query in
-- the order number, the customer's name or number; optionally by status,
-- customer or distributor.
--
-- Bounded by the page, not the orders table. The orders policy is OR'd
-- across roles and cannot drive an index, so:
-- - a distributor's rows come from its own two indexed halves, the orders
--   credited to it (by distributor and time) and those of each of its
--   customers (by customer and time), each filtered and cut at offset +
--   limit before the union is sorted and paged: what it reads is its own
--   orders at most, whatever the size of the table; RLS still applies on
--   top (invoker);
-- - staff run a query planned for the filters actually given (dynamic
--   SQL), so the default listing walks the created_at index backwards for
--   one page instead of a generic plan for every filter;
-- - anyone else (nobody signed in, an inactive user) may see no order at
--   all (every orders policy needs an active role) and reads none.
-- With no hits, no people are looked up (an empty array, not null, which
-- would ask api.distributor_people for everyone the caller may see).
create or replace function api.order_search(p_query text default '', p_status public.order_status default null,
                                            p_customer_id uuid default null, p_distributor_id uuid default null,
                                            p_limit integer default 50, p_offset integer default 0)
returns table (id uuid, order_number text, order_type public.order_type, status public.order_status,
               payment_status public.payment_status, customer_id uuid, customer_name text, customer_number text,
               distributor_id uuid, distributor_name text, total numeric, total_pv numeric,
               created_at timestamptz, paid_at timestamptz, autoship_id uuid)
language plpgsql stable
set search_path = ''
set jit = off
as $$
declare
  v_limit integer := least(greatest(coalesce(p_limit, 50), 1), 500);
  v_offset integer := greatest(coalesce(p_offset, 0), 0);
  v_text boolean := btrim(coalesce(p_query, '')) <> '';
  v_q text := '%' || replace(replace(replace(btrim(coalesce(p_query, '')), '\', '\\'), '%', '\%'), '_', '\_') || '%';
  v_me uuid := auth.user_id();
  v_ids uuid[];
begin
  if auth.has_role('distributor') then
    select array_agg(k.id order by k.created_at desc, k.order_number desc) into v_ids
      from (select u.id, u.created_at, u.order_number
              from (select o.id, o.created_at, o.order_number
                      from public.orders o
                      left join public.customers c on c.id = o.customer_id
                     where o.distributor_id = v_me
                       and (p_status is null or o.status = p_status)
                       and (p_customer_id is null or o.customer_id = p_customer_id)
                       and (p_distributor_id is null or o.distributor_id = p_distributor_id)
                       and (not v_text or o.order_number ilike v_q or c.customer_number ilike v_q
                            or (coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) ilike v_q)
                     order by o.created_at desc, o.order_number desc
                     limit v_offset + v_limit) u
            union
            select o.id, o.created_at, o.order_number
              from public.customers c
              cross join lateral (
                select o2.id, o2.created_at, o2.order_number
                  from public.orders o2
                 where o2.customer_id = c.id
                   and (p_status is null or o2.status = p_status)
                   and (p_distributor_id is null or o2.distributor_id = p_distributor_id)
                   and (not v_text or o2.order_number ilike v_q or c.customer_number ilike v_q
                        or (coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) ilike v_q)
                 order by o2.created_at desc, o2.order_number desc
                 limit v_offset + v_limit) o
             where c.distributor_id = v_me
               and (p_customer_id is null or c.id = p_customer_id)
             order by 2 desc, 3 desc
             offset v_offset limit v_limit) k;
  elsif auth.is_staff() then
    execute pg_catalog.format(
      $sql$select array_agg(h.id order by h.created_at desc, h.order_number desc)
             from (select o.id, o.created_at, o.order_number
                     from public.orders o
                     %s
                    where true %s %s %s %s
                    order by o.created_at desc, o.order_number desc
                    offset $6 limit $5) h$sql$,
      case when v_text then 'left join public.customers c on c.id = o.customer_id' else '' end,
      case when p_status is not null then 'and o.status = $1' else '' end,
      case when p_customer_id is not null then 'and o.customer_id = $2' else '' end,
      case when p_distributor_id is not null then 'and o.distributor_id = $3' else '' end,
      case when v_text then 'and (o.order_number ilike $4 or c.customer_number ilike $4'
                            ' or (coalesce(c.first_name, '''') || '' '' || coalesce(c.last_name, '''')) ilike $4)'
           else '' end)
      into v_ids
      using p_status, p_customer_id, p_distributor_id, v_q, v_limit, v_offset;
  end if;

  return query
    with hits as (
      select o.id, o.order_number, o.order_type, o.status, o.payment_status, o.customer_id,
             nullif(btrim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), '') as customer_name,
             c.customer_number, o.distributor_id, o.total, o.total_pv, o.created_at, o.paid_at, o.autoship_id
        from unnest(v_ids) as k(id)
        join public.orders o on o.id = k.id
        left join public.customers c on c.id = o.customer_id
    ), people as (
      select * from api.distributor_people(coalesce((select array_agg(distinct h.distributor_id) from hits h),
                                                    '{}'))
    )
    select h.id, h.order_number::text, h.order_type, h.status, h.payment_status, h.customer_id, h.customer_name,
           h.customer_number::text, h.distributor_id,
           nullif(btrim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), ''),
           h.total, h.total_pv, h.created_at, h.paid_at, h.autoship_id
      from hits h
      left join people p on p.user_id = h.distributor_id
     order by h.created_at desc, h.order_number desc;
end
$$;
revoke all on function api.order_search(text, public.order_status, uuid, uuid, integer, integer) from public;
grant execute on function api.order_search(text, public.order_status, uuid, uuid, integer, integer) to mlm_app;
comment on function api.order_search(text, public.order_status, uuid, uuid, integer, integer) is
  'Orders the caller may see (a distributor those credited to it or placed for its customers, from '
  'its own indexed queries; staff all), newest first, by number, customer, status or distributor, a '
  'page at a time. Any signed-in user (RLS).';
