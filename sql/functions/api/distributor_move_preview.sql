-- What moving distributor p_distributor_number under p_new_sponsor_number
-- would do, before an admin confirms it: both people, the current sponsor,
-- how many people move (the distributor and its whole downline), its level
-- now and after, and the deepest level its downline would reach. Refuses as
-- the move itself would: MLDNY (not an admin), MLVAL (unknown number, same
-- sponsor, too deep; column = the form field), MLCYC (the new sponsor is in
-- the distributor's own downline, or is the distributor).
create or replace function api.distributor_move_preview(p_distributor_number text, p_new_sponsor_number text)
returns table (distributor_id uuid, distributor_number text, first_name text, last_name text,
               status public.distributor_status,
               sponsor_id uuid, sponsor_number text, sponsor_first_name text, sponsor_last_name text,
               new_sponsor_id uuid, new_sponsor_number text, new_sponsor_first_name text,
               new_sponsor_last_name text, new_sponsor_status public.distributor_status,
               people integer, level integer, new_level integer, deepest_level integer)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_who   record;
  v_old   record;
  v_new   record;
  v_down  record;
  v_level integer;
  v_new_level integer;
begin
  if not (auth.is_admin() or private.caller_is_dba()) then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can move distributors.';
  end if;
  select d.user_id, d.distributor_number, d.sponsor_id, d.status, u.first_name, u.last_name into v_who
    from public.distributors d join public.users u on u.id = d.user_id
   where d.distributor_number = pg_catalog.btrim(p_distributor_number);
  if not found then
    raise exception using errcode = 'MLVAL', column = 'distributor_number',
      message = 'No distributor has this number.';
  end if;
  select d.user_id, d.distributor_number, d.status, u.first_name, u.last_name into v_new
    from public.distributors d join public.users u on u.id = d.user_id
   where d.distributor_number = pg_catalog.btrim(p_new_sponsor_number);
  if not found then
    raise exception using errcode = 'MLVAL', column = 'new_sponsor_number',
      message = 'No distributor has this number.';
  end if;
  if v_new.user_id = v_who.user_id
     or exists (select from public.genealogy_paths g
                 where g.ancestor_id = v_who.user_id and g.descendant_id = v_new.user_id
                   and g.path_type = 'sponsor') then
    raise exception using errcode = 'MLCYC', column = 'new_sponsor_number',
      message = pg_catalog.format('%s is %s: a distributor cannot move under its own downline.',
                                  v_new.distributor_number,
                                  case when v_new.user_id = v_who.user_id then 'the distributor itself'
                                       else 'in ' || v_who.distributor_number || '''s downline' end);
  end if;
  if v_who.sponsor_id = v_new.user_id then
    raise exception using errcode = 'MLVAL', column = 'new_sponsor_number',
      message = pg_catalog.format('%s is already sponsored by %s.', v_who.distributor_number,
                                  v_new.distributor_number);
  end if;
  select d.distributor_number, u.first_name, u.last_name into v_old
    from public.distributors d join public.users u on u.id = d.user_id
   where d.user_id = v_who.sponsor_id;
  select coalesce(sum(lc.members), 0) as people, coalesce(max(lc.depth) filter (where lc.members > 0), 0) as height
    into v_down
    from private.genealogy_level_counts lc where lc.ancestor_id = v_who.user_id;
  v_level := coalesce((select max(g.depth) from public.genealogy_paths g
                        where g.descendant_id = v_who.user_id and g.path_type = 'sponsor'), 0);
  v_new_level := 1 + coalesce((select max(g.depth) from public.genealogy_paths g
                                where g.descendant_id = v_new.user_id and g.path_type = 'sponsor'), 0);
  if v_new_level + v_down.height > private.genealogy_max_depth() then
    raise exception using errcode = 'MLVAL', column = 'new_sponsor_number',
      message = pg_catalog.format(
        'The downline would then reach level %s; the deepest level allowed is %s '
        '(plan setting genealogy_max_depth).', v_new_level + v_down.height, private.genealogy_max_depth());
  end if;
  return query select v_who.user_id, v_who.distributor_number::text, v_who.first_name::text,
                      v_who.last_name::text, v_who.status,
                      v_who.sponsor_id, v_old.distributor_number::text, v_old.first_name::text,
                      v_old.last_name::text,
                      v_new.user_id, v_new.distributor_number::text, v_new.first_name::text,
                      v_new.last_name::text, v_new.status,
                      (1 + v_down.people)::integer, v_level, v_new_level, v_new_level + v_down.height;
end
$$;
alter function api.distributor_move_preview(text, text) owner to mlm_definer;
revoke all on function api.distributor_move_preview(text, text) from public;
grant execute on function api.distributor_move_preview(text, text) to mlm_app;
comment on function api.distributor_move_preview(text, text) is
  'What moving a distributor (by number) under a new sponsor would do: both people, how many move, '
  'levels now and after, the deepest level reached. Admins and DBAs only: refuses as the move '
  'would, MLDNY, MLVAL (column = the form field) and MLCYC.';
