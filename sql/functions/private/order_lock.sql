-- The order p_order_id, locked for a change by the acting user, or MLDNY
-- when the order does not exist or the user may not see it (a distributor:
-- orders credited to it or placed for its own customers; staff: all). What
-- the user may then do is each api function's own check.
create or replace function private.order_lock(p_order_id uuid)
returns public.orders
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_order public.orders;
begin
  select * into v_order from public.orders o where o.id = p_order_id for update;
  if not found
     or auth.user_role() is null
     or (auth.user_role() = 'distributor'
         and v_order.distributor_id <> auth.user_id()
         and not exists (select from public.customers c
                          where c.id = v_order.customer_id and c.distributor_id = auth.user_id())) then
    raise exception using errcode = 'MLDNY', message = 'This order does not exist or is not yours.';
  end if;
  return v_order;
end
$$;
alter function private.order_lock(uuid) owner to mlm_definer;
revoke all on function private.order_lock(uuid) from public;
comment on function private.order_lock(uuid) is
  'An order locked for a change by the acting user; refuses MLDNY when it does not exist or the '
  'user may not see it (a distributor: its own orders; staff: all).';
