-- Genealogy closure for new distributors, sponsor and placement trees alike.
--
-- Statement-level with a transition table, so a bulk load (COPY or a
-- multi-row insert, sponsors before or after their recruits) costs one set
-- based insert instead of one trigger call per row; a single insert is the
-- same code with a one-row table. Within the new rows the chain is walked by
-- a recursive CTE; at the first ancestor that already existed, its own
-- closure rows (already in genealogy_paths) supply the rest of the upline.
-- Moves, placement changes and deletes are maintained by their own triggers.
create or replace function public.tg_distributors__paths_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.genealogy_paths (ancestor_id, descendant_id, depth, path_type)
  with recursive
    links as (
      select user_id, sponsor_id as parent_id, 'sponsor'::public.genealogy_type as path_type
        from new_rows where sponsor_id is not null
      union all
      select user_id, placement_id, 'placement'::public.genealogy_type
        from new_rows where placement_id is not null
    ),
    chain (descendant_id, ancestor_id, depth, path_type) as (
      select user_id, parent_id, 1, path_type from links
      union all
      select c.descendant_id, l.parent_id, c.depth + 1, c.path_type
        from chain c
        join links l on l.user_id = c.ancestor_id and l.path_type = c.path_type
    ),
    tops as (  -- chain ends whose ancestor existed before this statement
      select c.* from chain c
       where not exists (select from new_rows n where n.user_id = c.ancestor_id)
    )
  select ancestor_id, descendant_id, depth, path_type from chain
  union all
  select gp.ancestor_id, t.descendant_id, t.depth + gp.depth, t.path_type
    from tops t
    join public.genealogy_paths gp
      on gp.descendant_id = t.ancestor_id and gp.path_type = t.path_type;
  return null;
end
$$;
alter function public.tg_distributors__paths_insert() owner to mlm_definer;
revoke all on function public.tg_distributors__paths_insert() from public;

create or replace trigger _200_paths_insert
  after insert on public.distributors
  referencing new table as new_rows
  for each statement
  execute function public.tg_distributors__paths_insert();
