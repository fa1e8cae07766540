-- A picture's worth of the sponsor tree around p_root: p_root, then up to
-- p_width recruits of each person (in number order) for p_levels levels
-- (at most 3 levels of 10). Each row has its parent, its level below p_root,
-- its frontline and downline counts and this period's GV, and how many of
-- its recruits are not drawn (more_recruits). p_root null: the caller; no
-- rows when not the caller's to open.
create or replace function api.genealogy_picture(p_root uuid default null, p_levels integer default 2,
                                                 p_width integer default 6)
returns table (user_id uuid, parent_id uuid, level integer, distributor_number text,
               first_name text, last_name text, status public.distributor_status,
               frontline bigint, downline bigint, group_pv numeric, more_recruits bigint)
language sql
stable
security definer
set search_path = ''
as $$
  with recursive
    root as materialized (
      select x.id from (select coalesce(p_root, auth.user_id()) as id) x
       where private.genealogy_can_open(x.id)),
    period as (select pg_catalog.to_char(public.app_now() at time zone 'UTC', 'YYYY-MM') as id),
    drawn (user_id, parent_id, level, number) as (
      select r.id, null::uuid, 0, null::varchar from root r
      union all
      select k.user_id, p.user_id, p.level + 1, k.distributor_number
        from drawn p
        cross join lateral (
          select d.user_id, d.distributor_number from public.distributors d
           where d.sponsor_id = p.user_id
           order by d.distributor_number
           limit least(greatest(coalesce(p_width, 6), 1), 10)) k
       where p.level < least(greatest(coalesce(p_levels, 2), 1), 3)
    )
  select w.user_id, w.parent_id, w.level, d.distributor_number::text, u.first_name::text,
         u.last_name::text, d.status, c.frontline, c.downline, coalesce(v.group_pv, 0),
         c.frontline - (select count(*) from drawn k where k.parent_id = w.user_id)
    from drawn w
    cross join period
    join public.distributors d on d.user_id = w.user_id
    join public.users u on u.id = d.user_id
    cross join lateral (
      select coalesce(sum(lc.members) filter (where lc.depth = 1), 0) as frontline,
             coalesce(sum(lc.members), 0) as downline
        from private.genealogy_level_counts lc where lc.ancestor_id = w.user_id
    ) c
    left join private.genealogy_volumes v on v.period_id = period.id and v.distributor_id = w.user_id
   order by w.level, w.number nulls first
$$;
alter function api.genealogy_picture(uuid, integer, integer) owner to mlm_definer;
revoke all on function api.genealogy_picture(uuid, integer, integer) from public;
grant execute on function api.genealogy_picture(uuid, integer, integer) to mlm_app;
comment on function api.genealogy_picture(uuid, integer, integer) is
  'A picture of the sponsor tree around a distributor: up to p_width recruits each for p_levels '
  'levels (at most 3 of 10), with counts, GV and how many recruits are not drawn. Staff for anyone,'
  ' a distributor for itself and its downline (private.genealogy_can_open); no rows otherwise.';
