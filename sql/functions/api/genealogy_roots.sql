-- The tops of the sponsor tree (distributors without a sponsor), for staff
-- to start browsing from, in number order with their counts and this
-- period's volumes, a page at a time. No rows for anyone else.
create or replace function api.genealogy_roots(p_after text default null, p_limit integer default 50)
returns table (user_id uuid, distributor_number text, first_name text, last_name text,
               rank_id text, status public.distributor_status, join_date date,
               frontline bigint, downline bigint, active_downline bigint,
               personal_pv numeric, group_pv numeric)
language sql
stable
security definer
set search_path = ''
as $$
  with period as (select pg_catalog.to_char(public.app_now() at time zone 'UTC', 'YYYY-MM') as id)
  select d.user_id, d.distributor_number::text, u.first_name::text, u.last_name::text,
         d.rank_id::text, d.status, d.join_date,
         c.frontline, c.downline, c.active,
         coalesce(v.personal_pv, 0), coalesce(v.group_pv, 0)
    from period
    cross join public.distributors d
    join public.users u on u.id = d.user_id
    cross join lateral (
      select coalesce(sum(lc.members) filter (where lc.depth = 1), 0) as frontline,
             coalesce(sum(lc.members), 0) as downline,
             coalesce(sum(lc.active_members), 0) as active
        from private.genealogy_level_counts lc
       where lc.ancestor_id = d.user_id
    ) c
    left join private.genealogy_volumes v on v.period_id = period.id and v.distributor_id = d.user_id
   where d.sponsor_id is null
     and (p_after is null or d.distributor_number > p_after)
     and (select auth.is_staff())
   order by d.distributor_number
   limit least(greatest(coalesce(p_limit, 50), 1), 200)
$$;
alter function api.genealogy_roots(text, integer) owner to mlm_definer;
revoke all on function api.genealogy_roots(text, integer) from public;
grant execute on function api.genealogy_roots(text, integer) to mlm_app;
comment on function api.genealogy_roots(text, integer) is
  'The tops of the sponsor tree (distributors without a sponsor) a page at a time, with their '
  'counts and this period''s volumes. Staff only; no rows for others.';
