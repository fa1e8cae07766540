-- The frontline (legs) of a distributor (null: the caller) with each leg's
-- estimated PV, GV and would-be paid-as rank in today's open period, largest
-- leg first: what "legs" means for the next rank. Same access as
-- api.estimate.
create or replace function api.estimate_legs(p_distributor_id uuid default null, p_limit integer default 50)
returns table (user_id uuid, distributor_number text, first_name text, last_name text,
               status public.distributor_status, personal_pv numeric, group_pv numeric,
               rank_id text, rank_name text)
language sql
stable
security definer
set search_path = ''
as $$
  with who as (select private.volume_reader(p_distributor_id) as id),
       period as (select pg_catalog.to_char(public.app_now() at time zone 'UTC', 'YYYY-MM') as id)
  select d.user_id, d.distributor_number::text, u.first_name::text, u.last_name::text, d.status,
         coalesce(e.personal_pv, 0), coalesce(e.group_pv, 0), e.paid_as_rank_id::text, r.name::text
    from who
    cross join period
    join public.distributors d on d.sponsor_id = who.id
    join public.users u on u.id = d.user_id
    left join public.period_estimates e on e.period_id = period.id and e.distributor_id = d.user_id
    left join public.ranks r on r.id = e.paid_as_rank_id
   order by coalesce(e.group_pv, 0) desc, d.distributor_number
   limit least(greatest(coalesce(p_limit, 50), 1), 500)
$$;
alter function api.estimate_legs(uuid, integer) owner to mlm_definer;
revoke all on function api.estimate_legs(uuid, integer) from public;
grant execute on function api.estimate_legs(uuid, integer) to mlm_app;
comment on function api.estimate_legs(uuid, integer) is
  'A distributor''s legs (its frontline) with each leg''s estimated PV, GV and would-be paid-as '
  'rank in today''s open period, largest first. Same access as api.estimate.';
