-- The genealogy_paths rows that differ from the transitive closure of
-- sponsor_id / placement_id: `missing` rows the table lacks, `extra` rows it
-- should not have (a wrong depth shows as one of each). None when healthy.
-- Invoker rights: a DBA or test sees the whole tree; a user sees only what
-- RLS shows them of both sides.
create or replace function public.check_genealogy()
returns table (problem text, ancestor_id uuid, descendant_id uuid, depth integer,
               path_type public.genealogy_type)
language sql stable
set search_path = ''
as $$
  with recursive closure (ancestor_id, descendant_id, depth, path_type) as (
    select sponsor_id, user_id, 1, 'sponsor'::public.genealogy_type
      from public.distributors where sponsor_id is not null
    union all
    select placement_id, user_id, 1, 'placement'::public.genealogy_type
      from public.distributors where placement_id is not null
    union all
    select case c.path_type when 'sponsor' then d.sponsor_id else d.placement_id end,
           c.descendant_id, c.depth + 1, c.path_type
      from closure c
      join public.distributors d on d.user_id = c.ancestor_id
     where case c.path_type when 'sponsor' then d.sponsor_id else d.placement_id end is not null
       and c.depth < 10000  -- a cycle in the data must not loop for ever
  )
  select 'missing', c.ancestor_id, c.descendant_id, c.depth, c.path_type
    from closure c
   where not exists (select from public.genealogy_paths g
                      where g.ancestor_id = c.ancestor_id and g.descendant_id = c.descendant_id
                        and g.path_type = c.path_type and g.depth = c.depth)
  union all
  select 'extra', g.ancestor_id, g.descendant_id, g.depth, g.path_type
    from public.genealogy_paths g
   where not exists (select from closure c
                      where g.ancestor_id = c.ancestor_id and g.descendant_id = c.descendant_id
                        and g.path_type = c.path_type and g.depth = c.depth)
$$;
revoke all on function public.check_genealogy() from public;
comment on function public.check_genealogy() is
  'The genealogy_paths rows that differ from the transitive closure of sponsor_id and placement_id '
  '(''missing'' and ''extra''); no rows when healthy. For DBAs and tests (not granted to the app); '
  'invoker, so it sees what RLS shows.';
