-- The daily autoship job (jobs/tasks.py calls it as the system user; admins
-- may run it too). For the UTC day p_day (default today), every active
-- autoship due on or before it and not yet attempted that day gets one
-- attempt:
--   - an order (private.order_place, for the customer's default address,
--     credited to the customer's distributor), and the next date moves one
--     frequency on; or
--   - a failure with its reason (customer inactive, product discontinued or
--     out of stock, ...): the same order is tried again on each of the next
--     three days; the fourth failure marks the autoship failed.
-- Idempotent: autoship_attempts is unique per (autoship, day) and orders per
-- (autoship, due date), so running twice for a day creates nothing twice;
-- rows another run holds are skipped (skip locked). One attempt failing
-- never undoes another (each has its own subtransaction). Audited as one
-- event with the counts.
-- At most p_limit autoships per call: the job calls it again, each time in
-- a transaction of its own, until a call finds fewer (a long transaction
-- would update one product's stock row thousands of times; each version
-- makes the next lookup slower).
create or replace function api.autoship_run(p_day date default null, p_limit integer default 200)
returns table (created integer, failed integer, stopped integer, attempted integer)
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_day date := coalesce(p_day, (public.app_now() at time zone 'UTC')::date);
  v_autoship record;
  v_order uuid;
  v_reason text;
  v_next date;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only the system user and admins run autoships.';
  end if;
  created := 0; failed := 0; stopped := 0; attempted := 0;
  for v_autoship in
    select a.*, c.status as customer_status, p.status as product_status, p.name as product_name
      from public.autoships a
      join public.customers c on c.id = a.customer_id
      join public.products p on p.id = a.product_id
     where a.status = 'active' and a.next_run_on <= v_day
       and not exists (select from public.autoship_attempts t where t.autoship_id = a.id and t.run_on = v_day)
     order by a.next_run_on, a.id
     limit least(greatest(coalesce(p_limit, 200), 1), 10000)
       for update of a skip locked
  loop
    v_reason := null;
    v_order := null;
    begin
      if v_autoship.customer_status <> 'active' then
        v_reason := format('The customer is %s.', v_autoship.customer_status);
      elsif v_autoship.product_status <> 'active' then
        v_reason := format('%s is %s.', v_autoship.product_name, v_autoship.product_status);
      else
        select o.id into v_order from public.orders o
         where o.autoship_id = v_autoship.id and o.autoship_due_on = v_autoship.next_run_on;
        if v_order is null then
          v_order := private.order_place(
            v_autoship.customer_id,
            jsonb_build_array(jsonb_build_object('product_id', v_autoship.product_id,
                                                 'quantity', v_autoship.quantity)),
            null, v_autoship.shipping_method, 'Autoship order.', null, null, null, null,
            v_autoship.id, v_autoship.next_run_on);
        end if;
      end if;
    exception when sqlstate 'MLVAL' or sqlstate 'MLCLS' or sqlstate 'MLDNY' then
      get stacked diagnostics v_reason = message_text;
      v_order := null;
    end;

    if v_order is not null then
      v_next := v_autoship.next_run_on + v_autoship.frequency_days;
      if v_next <= v_day then
        v_next := v_day + v_autoship.frequency_days;  -- the job did not run for a while: no catch-up orders
      end if;
      insert into public.autoship_attempts (autoship_id, run_on, due_on, outcome, order_id)
      values (v_autoship.id, v_day, v_autoship.next_run_on, 'created', v_order);
      update public.autoships a
         set next_run_on = v_next, failure_count = 0, last_error = null, last_order_id = v_order
       where a.id = v_autoship.id;
      created := created + 1;
    else
      insert into public.autoship_attempts (autoship_id, run_on, due_on, outcome, reason)
      values (v_autoship.id, v_day, v_autoship.next_run_on, 'failed', v_reason);
      update public.autoships a
         set failure_count = a.failure_count + 1, last_error = v_reason,
             status = case when a.failure_count + 1 >= 4 then 'failed' else a.status end
       where a.id = v_autoship.id;
      failed := failed + 1;
      if v_autoship.failure_count + 1 >= 4 then
        stopped := stopped + 1;
      end if;
    end if;
  end loop;
  attempted := created + failed;
  if attempted > 0 then
    perform private.audit_event('autoships', null, 'run', null,
                                jsonb_build_object('day', v_day, 'created', created, 'failed', failed,
                                                   'stopped', stopped),
                                created + failed);
  end if;
  return next;
end
$$;
alter function api.autoship_run(date, integer) owner to mlm_definer;
revoke all on function api.autoship_run(date, integer) from public;
grant execute on function api.autoship_run(date, integer) to mlm_app;
comment on function api.autoship_run(date, integer) is
  'The daily autoship job: one attempt per due autoship for the UTC day (an order placed, or a '
  'failure that is retried for three days), idempotent per day and audited as one event; at most '
  'p_limit per call. The system user and admins only: refuses MLDNY.';
