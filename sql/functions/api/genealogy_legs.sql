-- p_root's legs: each frontline member with its whole downline, strongest
-- first by this period's group volume. leg_size and leg_active count the
-- frontline member too; share is the leg's part of all legs' volume (null
-- when the legs have none). Counts and volumes are maintained, not summed
-- here. p_root null: the caller; no rows when not the caller's to open.
create or replace function api.genealogy_legs(p_root uuid default null, p_limit integer default 50,
                                              p_offset integer default 0)
returns table (user_id uuid, distributor_number text, first_name text, last_name text,
               rank_id text, status public.distributor_status,
               leg_size bigint, leg_active bigint, personal_pv numeric, leg_gv numeric, share numeric)
language sql
stable
security definer
set search_path = ''
as $$
  with root as materialized (
         select x.id from (select coalesce(p_root, auth.user_id()) as id) x
          where private.genealogy_can_open(x.id)),
       period as (select pg_catalog.to_char(public.app_now() at time zone 'UTC', 'YYYY-MM') as id),
       legs as (
         select d.user_id, d.distributor_number, d.rank_id, d.status, u.first_name, u.last_name,
                1 + c.downline as leg_size,
                (d.status = 'active')::integer + c.active as leg_active,
                coalesce(v.personal_pv, 0) as personal_pv,
                coalesce(v.group_pv, 0) as leg_gv
           from root
           cross join period
           join public.distributors d on d.sponsor_id = root.id
           join public.users u on u.id = d.user_id
           cross join lateral (
             select coalesce(sum(lc.members), 0) as downline, coalesce(sum(lc.active_members), 0) as active
               from private.genealogy_level_counts lc where lc.ancestor_id = d.user_id
           ) c
           left join private.genealogy_volumes v on v.period_id = period.id and v.distributor_id = d.user_id
       )
  select l.user_id, l.distributor_number::text, l.first_name::text, l.last_name::text, l.rank_id::text,
         l.status, l.leg_size, l.leg_active, l.personal_pv, l.leg_gv,
         round(l.leg_gv / nullif(sum(l.leg_gv) over (), 0), 4)
    from legs l
   order by l.leg_gv desc, l.leg_size desc, l.distributor_number
   limit least(greatest(coalesce(p_limit, 50), 1), 200) offset greatest(coalesce(p_offset, 0), 0)
$$;
alter function api.genealogy_legs(uuid, integer, integer) owner to mlm_definer;
revoke all on function api.genealogy_legs(uuid, integer, integer) from public;
grant execute on function api.genealogy_legs(uuid, integer, integer) to mlm_app;
comment on function api.genealogy_legs(uuid, integer, integer) is
  'A distributor''s legs: each frontline member with its whole downline, strongest first by this '
  'period''s GV, with sizes, active counts and shares. Staff for anyone, a distributor for itself '
  'and its downline (private.genealogy_can_open); no rows otherwise.';
