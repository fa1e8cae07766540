-- The signed-in distributor's PV and GV of the open period so far (plan v1
-- section 2: PV = own events, GV = own plus the whole sponsor downline's),
-- read from the running figures the volume_events trigger keeps
-- (private.genealogy_volumes: one row, whatever the size of the downline),
-- never summed from the events: the top of a 100,000 tree did not finish.
-- No row there means no volume yet (0). Definer, so GV never depends on
-- which downline rows the caller may read; it only ever answers for the
-- caller. rank_estimate: the rank the caller would be paid as if the period
-- closed now (public.period_estimates, refreshed by a job; see api.estimate).
create or replace function api.home_volume()
returns table (period_id text, personal_pv numeric, group_pv numeric, rank_estimate text)
language sql stable security definer
set search_path = ''
set jit = off
as $$
  with me as (select auth.user_id() as id),
       period as (select to_char(public.app_now() at time zone 'UTC', 'YYYY-MM') as id)
  select period.id,
         coalesce((select v.personal_pv from private.genealogy_volumes v, me
                    where v.period_id = period.id and v.distributor_id = me.id), 0),
         coalesce((select v.group_pv from private.genealogy_volumes v, me
                    where v.period_id = period.id and v.distributor_id = me.id), 0),
         (select r.name::text
            from me
            join public.period_estimates pe on pe.distributor_id = me.id
            join public.ranks r on r.id = pe.paid_as_rank_id
           where pe.period_id = period.id)
    from period
$$;
alter function api.home_volume() owner to mlm_definer;
revoke all on function api.home_volume() from public;
grant execute on function api.home_volume() to mlm_app;
comment on function api.home_volume() is
  'The signed-in distributor''s PV and GV of the open period so far (GV: own plus the whole sponsor'
  ' downline''s, from the maintained private.genealogy_volumes) and the rank it would be paid as '
  'now. The signed-in distributor, about itself only.';
