-- The breadcrumb to p_id: its sponsor upline from the top down, p_id last.
-- Staff see it up to the root of the tree (level 0 there); a distributor up
-- to itself (level 0 = the caller), never above. No rows when p_id is not
-- the caller's to open. A chain 1,000 deep returns 1,001 rows (one index
-- range scan); the page shortens the middle.
create or replace function api.genealogy_upline(p_id uuid default null)
returns table (user_id uuid, distributor_number text, first_name text, last_name text,
               status public.distributor_status, level integer)
language sql
stable
security definer
set search_path = ''
as $$
  with target as materialized (
    select x.id from (select coalesce(p_id, auth.user_id()) as id) x
     where private.genealogy_can_open(x.id)
  ),
  -- How far up the caller may see: the whole upline for staff, up to the
  -- caller for a distributor (0 rows above p_id when p_id is the caller).
  reach as (
    select t.id,
           case when auth.is_staff()
                then coalesce((select max(g.depth) from public.genealogy_paths g
                                where g.descendant_id = t.id and g.path_type = 'sponsor'), 0)
                else coalesce((select g.depth from public.genealogy_paths g
                                where g.ancestor_id = auth.user_id() and g.descendant_id = t.id
                                  and g.path_type = 'sponsor'), 0)
           end as up
      from target t
  ),
  line as (
    select g.ancestor_id as id, r.up - g.depth as level
      from reach r
      join public.genealogy_paths g
        on g.descendant_id = r.id and g.path_type = 'sponsor' and g.depth <= r.up
    union all
    select r.id, r.up from reach r
  )
  select d.user_id, d.distributor_number::text, u.first_name::text, u.last_name::text, d.status, l.level
    from line l
    join public.distributors d on d.user_id = l.id
    join public.users u on u.id = d.user_id
   order by l.level
$$;
alter function api.genealogy_upline(uuid) owner to mlm_definer;
revoke all on function api.genealogy_upline(uuid) from public;
grant execute on function api.genealogy_upline(uuid) to mlm_app;
comment on function api.genealogy_upline(uuid) is
  'The breadcrumb to a distributor: its sponsor upline from the top down, up to the root for staff,'
  ' never above the caller for a distributor. No rows when it is not the caller''s to open.';
