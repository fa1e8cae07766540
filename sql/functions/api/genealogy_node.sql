-- One person's place in the sponsor tree, as the caller may see it:
-- relation 'self', 'downline' or 'staff' (everything: counts from the level
-- counts, this period's PV and GV from the running volumes), or 'sponsor'
-- (the caller's own sponsor: name, number, rank, status and join date only;
-- no counts, volumes or upline). No row: not the caller's to see.
-- level: the level in the whole tree for staff (0 = a root); for a
-- distributor, relative to itself (0 = self, 1 = frontline, -1 = sponsor).
-- p_id null: the caller itself.
-- Definer: other people's names and the derived tables are not the caller's
-- to read; the visibility rule is applied here, as the contract's matrix says.
create or replace function api.genealogy_node(p_id uuid default null)
returns table (user_id uuid, distributor_number text, first_name text, last_name text,
               rank_id text, rank_name text, status public.distributor_status, join_date date,
               sponsor_id uuid, relation text, level integer,
               frontline bigint, downline bigint, active_downline bigint, levels integer,
               personal_pv numeric, group_pv numeric, period_id text)
language sql
stable
security definer
set search_path = ''
as $$
  with target as (
    select d.*, u.first_name as u_first, u.last_name as u_last,
           case when auth.is_staff() then 'staff'
                when not auth.has_role('distributor') then null
                when d.user_id = auth.user_id() then 'self'
                when auth.in_downline(d.user_id) then 'downline'
                when d.user_id = auth.sponsor_id() then 'sponsor'
           end as relation
      from public.distributors d
      join public.users u on u.id = d.user_id
     where d.user_id = coalesce(p_id, auth.user_id())
  ),
  period as (select pg_catalog.to_char(public.app_now() at time zone 'UTC', 'YYYY-MM') as id)
  select t.user_id, t.distributor_number::text, t.u_first::text, t.u_last::text,
         t.rank_id::text, r.name::text, t.status, t.join_date,
         case when t.relation <> 'sponsor' then t.sponsor_id end,
         t.relation,
         case t.relation
           when 'staff' then coalesce((select max(g.depth) from public.genealogy_paths g
                                        where g.descendant_id = t.user_id and g.path_type = 'sponsor'), 0)
           when 'self' then 0
           when 'downline' then (select g.depth from public.genealogy_paths g
                                  where g.ancestor_id = auth.user_id() and g.descendant_id = t.user_id
                                    and g.path_type = 'sponsor')
           else -1
         end,
         c.frontline, c.downline, c.active, c.levels,
         case when t.relation <> 'sponsor' then coalesce(v.personal_pv, 0) end,
         case when t.relation <> 'sponsor' then coalesce(v.group_pv, 0) end,
         period.id
    from target t
    cross join period
    left join public.ranks r on r.id = t.rank_id
    left join lateral (
      select coalesce(sum(lc.members) filter (where lc.depth = 1), 0) as frontline,
             coalesce(sum(lc.members), 0) as downline,
             coalesce(sum(lc.active_members), 0) as active,
             coalesce(max(lc.depth) filter (where lc.members > 0), 0)::integer as levels
        from private.genealogy_level_counts lc
       where lc.ancestor_id = t.user_id
    ) c on t.relation <> 'sponsor'
    left join private.genealogy_volumes v
      on v.period_id = period.id and v.distributor_id = t.user_id and t.relation <> 'sponsor'
   where t.relation is not null
$$;
alter function api.genealogy_node(uuid) owner to mlm_definer;
revoke all on function api.genealogy_node(uuid) from public;
grant execute on function api.genealogy_node(uuid) to mlm_app;
comment on function api.genealogy_node(uuid) is
  'One person''s place in the sponsor tree as the caller may see it (self, downline, staff: counts '
  'and this period''s PV and GV; sponsor: name, number, rank, status and join date only). No row '
  'when it is not the caller''s to see.';
