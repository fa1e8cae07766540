-- How many people p_root has at each level of its sponsor downline, and how
-- many of them are active: straight from the maintained level counts (a
-- root of a million reads about 30 rows). p_root null: the caller. No rows
-- when p_root is not the caller's to open.
create or replace function api.genealogy_levels(p_root uuid default null)
returns table (level integer, members integer, active_members integer)
language sql
stable
security definer
set search_path = ''
as $$
  select lc.depth, lc.members, lc.active_members
    from private.genealogy_level_counts lc
   where lc.ancestor_id = coalesce(p_root, auth.user_id())
     and lc.members > 0
     and (select private.genealogy_can_open(coalesce(p_root, auth.user_id())))
   order by lc.depth
$$;
alter function api.genealogy_levels(uuid) owner to mlm_definer;
revoke all on function api.genealogy_levels(uuid) from public;
grant execute on function api.genealogy_levels(uuid) to mlm_app;
comment on function api.genealogy_levels(uuid) is
  'How many people a distributor has at each level of its sponsor downline, and how many are '
  'active, from the maintained level counts. Staff for anyone, a distributor for itself and its '
  'downline (private.genealogy_can_open); no rows otherwise.';
