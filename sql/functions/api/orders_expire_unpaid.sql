-- Cancel the unpaid orders that have held their stock longer than plan
-- setting order_hold_hours: each becomes 'cancelled' with a reason and its
-- stock goes back, oldest first, at most p_limit a call. Orders a payment or
-- a person is working on right now are skipped (skip locked) and taken by
-- the next run. The job calls it as the system user; admins may too.
create or replace function api.orders_expire_unpaid(p_limit integer default 200)
returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_hours integer;
  v_id uuid;
  v_done integer := 0;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only the scheduled job (or an admin) expires unpaid orders.';
  end if;
  v_hours := private.plan_integer('order_hold_hours');
  for v_id in
    select o.id
      from public.orders o
     where o.status = 'pending' and o.payment_status in ('pending', 'failed')
       and o.created_at < public.app_now() - pg_catalog.make_interval(hours => v_hours)
     order by o.created_at
     limit greatest(coalesce(p_limit, 200), 0)
       for update skip locked
  loop
    update public.orders o
       set status = 'cancelled', cancelled_at = public.app_now(),
           cancel_reason = pg_catalog.format('Not paid within %s hours: cancelled and its stock returned.', v_hours)
     where o.id = v_id;
    perform private.order_stock_return(v_id);
    v_done := v_done + 1;
  end loop;
  return v_done;
end
$$;
alter function api.orders_expire_unpaid(integer) owner to mlm_definer;
revoke all on function api.orders_expire_unpaid(integer) from public;
grant execute on function api.orders_expire_unpaid(integer) to mlm_app;
comment on function api.orders_expire_unpaid(integer) is
  'Cancels the unpaid orders older than plan setting order_hold_hours (48) and returns their stock, '
  'at most p_limit a call; returns how many. The scheduled job (system user) or an admin: refuses '
  'MLDNY otherwise, MLVAL when the setting is missing or malformed.';
