-- Make the volume events of these orders what plan v1 section 2 says they
-- are: +PV (+retail base) at paid_at, -PV (-retail base) at refunded_at,
-- nothing for an order never paid. Only the differences are written, and a
-- difference in a closed period refuses the whole statement (MLCLS).
create or replace function private.volume_events_sync(p_order_ids uuid[])
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_months text[];
begin
  create temporary table if not exists pg_temp.volume_events_wanted (
    order_id uuid, kind text, distributor_id uuid, period_id text, occurred_at timestamptz,
    pv numeric, retail_base numeric, order_paid_at timestamptz) on commit drop;
  truncate pg_temp.volume_events_wanted;

  insert into pg_temp.volume_events_wanted
  select o.id, e.kind, o.distributor_id, to_char(e.at at time zone 'UTC', 'YYYY-MM'), e.at,
         e.sign * o.total_pv,
         e.sign * case o.order_type when 'retail' then o.subtotal else 0 end,
         o.paid_at
    from public.orders o
    cross join lateral (values ('payment', o.paid_at, 1), ('refund', o.refunded_at, -1)) as e (kind, at, sign)
   where o.id = any (p_order_ids) and o.paid_at is not null and e.at is not null;

  -- Months whose events change: old rows that go, new rows that come.
  select array_agg(distinct m) into v_months from (
    select v.period_id as m
      from public.volume_events v
     where v.order_id = any (p_order_ids)
       and not exists (select from pg_temp.volume_events_wanted w
                        where (w.order_id, w.kind, w.distributor_id, w.period_id, w.occurred_at, w.pv,
                               w.retail_base, w.order_paid_at)
                            = (v.order_id, v.kind, v.distributor_id, v.period_id, v.occurred_at, v.pv,
                               v.retail_base, v.order_paid_at))
    union
    select w.period_id
      from pg_temp.volume_events_wanted w
     where not exists (select from public.volume_events v
                        where (w.order_id, w.kind, w.distributor_id, w.period_id, w.occurred_at, w.pv,
                               w.retail_base, w.order_paid_at)
                            = (v.order_id, v.kind, v.distributor_id, v.period_id, v.occurred_at, v.pv,
                               v.retail_base, v.order_paid_at))) as changed;
  if v_months is null then
    return;
  end if;

  perform private.period_ensure(max(w.occurred_at)) from pg_temp.volume_events_wanted w;
  perform private.period_ensure(min(w.occurred_at)) from pg_temp.volume_events_wanted w;
  perform private.period_refuse_closed(v_months, 'This order''s payment or refund');

  delete from public.volume_events v
   where v.order_id = any (p_order_ids)
     and not exists (select from pg_temp.volume_events_wanted w
                      where (w.order_id, w.kind, w.distributor_id, w.period_id, w.occurred_at, w.pv,
                             w.retail_base, w.order_paid_at)
                          = (v.order_id, v.kind, v.distributor_id, v.period_id, v.occurred_at, v.pv,
                             v.retail_base, v.order_paid_at));
  insert into public.volume_events (order_id, kind, distributor_id, period_id, occurred_at, pv, retail_base,
                                    order_paid_at)
  select w.order_id, w.kind, w.distributor_id, w.period_id, w.occurred_at, w.pv, w.retail_base, w.order_paid_at
    from pg_temp.volume_events_wanted w
   where not exists (select from public.volume_events v where v.order_id = w.order_id and v.kind = w.kind);
end
$$;
alter function private.volume_events_sync(uuid[]) owner to mlm_definer;
revoke all on function private.volume_events_sync(uuid[]) from public;
comment on function private.volume_events_sync(uuid[]) is
  'Makes the volume events of these orders what plan v1 says (+PV at paid_at, -PV at refunded_at), '
  'writing only the differences; refuses MLCLS for a difference in a closed period.';
