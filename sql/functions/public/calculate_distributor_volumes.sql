-- The seed's signature, by plan v1's event rules: personal PV = the PV of
-- the distributor's own volume events (payments +, refunds -) whose UTC day
-- lies from period_start to period_end, both included; group PV = that plus
-- the same over its whole sponsor downline. Invoker: RLS applies, so a
-- caller gets the figures of what it may see.
create or replace function public.calculate_distributor_volumes(dist_id uuid, period_start date, period_end date)
returns table (personal_pv numeric, group_pv numeric)
language sql stable
set search_path = ''
as $$
  with span as (
    select (period_start::timestamp at time zone 'UTC') as starts,
           ((period_end + 1)::timestamp at time zone 'UTC') as ends
  ), own as (
    select coalesce(sum(e.pv), 0) as pv
      from public.volume_events e, span
     where e.distributor_id = dist_id and e.occurred_at >= span.starts and e.occurred_at < span.ends
  ), downline as (
    select coalesce(sum(e.pv), 0) as pv
      from public.genealogy_paths g
      join public.volume_events e on e.distributor_id = g.descendant_id
      cross join span
     where g.ancestor_id = dist_id and g.path_type = 'sponsor'
       and e.occurred_at >= span.starts and e.occurred_at < span.ends
  )
  select own.pv, own.pv + downline.pv from own, downline
$$;
revoke all on function public.calculate_distributor_volumes(uuid, date, date) from public;
grant execute on function public.calculate_distributor_volumes(uuid, date, date) to mlm_app;
comment on function public.calculate_distributor_volumes(uuid, date, date) is
  'The seed''s calculate_distributor_volumes: a distributor''s personal PV (its own volume events, '
  'payments plus and refunds minus) and group PV (plus its whole sponsor downline) between two UTC '
  'dates, both included. Any caller; RLS applies, so a user gets the figures of what it may see (a '
  'DBA: everything).';
