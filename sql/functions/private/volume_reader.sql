-- Whose volumes and estimates the caller may read: p_distributor_id (null:
-- the caller itself). A distributor reads itself and its sponsor downline
-- (the contract's period_volumes row); staff read anyone; anyone else is
-- refused (MLDNY). Returns the distributor's id.
create or replace function private.volume_reader(p_distributor_id uuid)
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  v_id uuid := coalesce(p_distributor_id, auth.user_id());
begin
  if v_id is null
     or not (auth.is_staff()
             or (auth.has_role('distributor')
                 and (v_id = auth.user_id()
                      or exists (select from public.genealogy_paths g
                                  where g.ancestor_id = auth.user_id() and g.descendant_id = v_id
                                    and g.path_type = 'sponsor')))) then
    raise exception using errcode = 'MLDNY', message = 'You may not see this distributor''s figures.';
  end if;
  return v_id;
end
$$;
revoke all on function private.volume_reader(uuid) from public;
grant execute on function private.volume_reader(uuid) to mlm_definer;
comment on function private.volume_reader(uuid) is
  'Whose volumes and estimates the caller may read: the distributor (null: the caller) if it is the'
  ' caller or in its sponsor downline, or the caller is staff; refuses MLDNY otherwise.';
