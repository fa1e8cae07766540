-- The newest orders the caller may see (RLS decides: own for a distributor,
-- all for staff who read orders).
--
-- A distributor's half is its own query: the orders policy is OR'd across
-- roles and cannot drive an index, so "newest first" over it read every
-- order of the table through the policy. For a distributor the rows it may
-- see are the orders credited to it (orders by distributor and time) and
-- those of its own customers (each customer's newest, by customer and
-- time), so the page reads p_limit rows from each; RLS still applies on top
-- (invoker), and staff go through the plain query, newest first from the
-- created_at index. Anyone else (nobody signed in, an inactive user) may
-- see no order (every orders policy needs an active role) and reads none.
-- Ties on created_at are broken by id.
create or replace function api.home_recent_orders(p_limit integer default 5)
returns table (id uuid, order_number text, status public.order_status, total numeric, total_pv numeric,
               created_at timestamptz, customer_name text, distributor_name text)
language plpgsql stable
set search_path = ''
set jit = off
as $$
declare
  v_limit integer := least(greatest(p_limit, 1), 100);
  v_me uuid := auth.user_id();
begin
  if auth.has_role('distributor') then
    return query
      with picked as (
        select o.id, o.created_at
          from (select o1.id, o1.created_at from public.orders o1
                 where o1.distributor_id = v_me
                 order by o1.created_at desc, o1.id desc limit v_limit) o
        union
        select o.id, o.created_at
          from public.customers mc
          cross join lateral (select o2.id, o2.created_at from public.orders o2
                               where o2.customer_id = mc.id
                               order by o2.created_at desc, o2.id desc limit v_limit) o
         where mc.distributor_id = v_me
      )
      select o.id, o.order_number::text, o.status, o.total, o.total_pv, o.created_at,
             nullif(btrim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), ''),
             (select btrim(p.first_name || ' ' || p.last_name)
                from api.distributor_people(array[o.distributor_id]) p)
        from (select pk.id from picked pk order by pk.created_at desc, pk.id desc limit v_limit) k
        join public.orders o on o.id = k.id
        left join public.customers c on c.id = o.customer_id
       order by o.created_at desc, o.id desc;
  elsif auth.is_staff() then
    return query
      select o.id, o.order_number::text, o.status, o.total, o.total_pv, o.created_at,
             nullif(btrim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), ''),
             (select btrim(p.first_name || ' ' || p.last_name)
                from api.distributor_people(array[o.distributor_id]) p)
        from public.orders o
        left join public.customers c on c.id = o.customer_id
       order by o.created_at desc, o.id desc
       limit v_limit;
  end if;
end
$$;
revoke all on function api.home_recent_orders(integer) from public;
grant execute on function api.home_recent_orders(integer) to mlm_app;
comment on function api.home_recent_orders(integer) is
  'The newest orders the caller may see (a distributor its own and its customers'', from its own '
  'indexed queries; staff who read orders all). Any signed-in user (RLS).';
