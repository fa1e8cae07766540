-- "If the period closed now" for one distributor (null: the caller) in the
-- open period of today (public.app_now()): PV, GV, the rank it would be
-- paid as, the next rank's requirements next to where it stands (PV,
-- capped GV, qualified legs) and estimated earnings by type, from the last
-- refresh (computed_at). Always one row: a distributor without volume or
-- earnings gets zeros and the lowest rank as its next. Self and downline
-- for a distributor, anyone for staff (private.volume_reader).
create or replace function api.estimate(p_distributor_id uuid default null)
returns table (period_id text, computed_at timestamptz, distributor_id uuid,
               personal_pv numeric, group_pv numeric, leg_count integer,
               rank_id text, rank_name text,
               next_rank_id text, next_rank_name text,
               next_min_pv numeric, next_min_gv numeric, next_min_legs integer,
               next_min_leg_volume numeric, next_max_leg_share numeric,
               next_capped_gv numeric, next_qualified_legs integer,
               retail numeric, unilevel numeric, leadership numeric, matching numeric,
               fast_start numeric, rank_bonus numeric, car_bonus numeric, total numeric)
language sql
stable
security definer
set search_path = ''
as $$
  with who as (select private.volume_reader(p_distributor_id) as id),
       period as (select pg_catalog.to_char(public.app_now() at time zone 'UTC', 'YYYY-MM') as id),
       lowest as (select r.id from public.ranks r where r.is_active order by r.level limit 1)
  select period.id, run.computed_at, who.id,
         coalesce(e.personal_pv, 0), coalesce(e.group_pv, 0),
         coalesce(e.leg_count, (select count(*)::integer from public.distributors d where d.sponsor_id = who.id)),
         e.paid_as_rank_id::text, cur.name::text,
         nx.id::text, nx.name::text,
         nx.min_personal_pv, nx.min_group_pv, nx.min_legs, nx.min_leg_volume, nx.max_leg_share,
         case when nx.id is null then null when e.distributor_id is null then 0 else e.next_capped_gv end,
         case when nx.id is null then null when e.distributor_id is null then 0 else e.next_qualified_legs end,
         coalesce(e.retail, 0), coalesce(e.unilevel, 0), coalesce(e.leadership, 0), coalesce(e.matching, 0),
         coalesce(e.fast_start, 0), coalesce(e.rank_bonus, 0), coalesce(e.car_bonus, 0), coalesce(e.total, 0)
    from who
    cross join period
    left join private.period_estimate_runs run on run.period_id = period.id
    left join public.period_estimates e on e.period_id = period.id and e.distributor_id = who.id
    left join public.ranks cur on cur.id = e.paid_as_rank_id
    left join public.ranks nx on nx.id = case when e.distributor_id is null then (select lowest.id from lowest)
                                              else e.next_rank_id end
$$;
alter function api.estimate(uuid) owner to mlm_definer;
revoke all on function api.estimate(uuid) from public;
grant execute on function api.estimate(uuid) to mlm_app;
comment on function api.estimate(uuid) is
  '"If the period closed now" for one distributor (null: the caller) in today''s open period: PV, '
  'GV, would-be paid-as rank, the next rank''s requirements and estimated earnings by type, from '
  'the last refresh. A distributor for itself and its downline, staff for anyone '
  '(private.volume_reader); no row otherwise.';
