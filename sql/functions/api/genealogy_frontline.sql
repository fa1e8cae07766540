-- The frontline (recruits) of p_parent, a page at a time in distributor
-- number order (p_after: the last number of the previous page), each with
-- its own frontline and downline counts and this period's PV and GV: what a
-- tree node needs to show and whether it can be expanded. Counts come from
-- the maintained level counts and volumes from the running volumes, so a
-- page reads a few rows per person whatever the size of their downline.
-- Only for a parent the caller may open (private.genealogy_can_open): staff,
-- the distributor itself and its downline; otherwise no rows.
-- p_parent null: the caller itself. At most 200 rows a page.
create or replace function api.genealogy_frontline(p_parent uuid default null, p_after text default null,
                                                   p_limit integer default 50)
returns table (user_id uuid, distributor_number text, first_name text, last_name text,
               rank_id text, status public.distributor_status, join_date date,
               frontline bigint, downline bigint, active_downline bigint,
               personal_pv numeric, group_pv numeric)
language sql
stable
security definer
set search_path = ''
set jit = off
as $$
  with parent as materialized (
         select x.id from (select coalesce(p_parent, auth.user_id()) as id) x
          where private.genealogy_can_open(x.id)),
       period as (select pg_catalog.to_char(public.app_now() at time zone 'UTC', 'YYYY-MM') as id)
  select d.user_id, d.distributor_number::text, u.first_name::text, u.last_name::text,
         d.rank_id::text, d.status, d.join_date,
         c.frontline, c.downline, c.active,
         coalesce(v.personal_pv, 0), coalesce(v.group_pv, 0)
    from parent
    cross join period
    join public.distributors d on d.sponsor_id = parent.id
    join public.users u on u.id = d.user_id
    cross join lateral (
      select coalesce(sum(lc.members) filter (where lc.depth = 1), 0) as frontline,
             coalesce(sum(lc.members), 0) as downline,
             coalesce(sum(lc.active_members), 0) as active
        from private.genealogy_level_counts lc
       where lc.ancestor_id = d.user_id
    ) c
    left join private.genealogy_volumes v on v.period_id = period.id and v.distributor_id = d.user_id
   where p_after is null or d.distributor_number > p_after
   order by d.distributor_number
   limit least(greatest(coalesce(p_limit, 50), 1), 200)
$$;
alter function api.genealogy_frontline(uuid, text, integer) owner to mlm_definer;
revoke all on function api.genealogy_frontline(uuid, text, integer) from public;
grant execute on function api.genealogy_frontline(uuid, text, integer) to mlm_app;
comment on function api.genealogy_frontline(uuid, text, integer) is
  'The frontline (recruits) of a distributor, a page at a time in number order, each with its '
  'frontline and downline counts and this period''s PV and GV. Staff for anyone, a distributor for '
  'itself and its downline (private.genealogy_can_open); no rows otherwise.';
