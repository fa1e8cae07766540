-- Whether the acting user may open p_id's place in the sponsor tree: its
-- counts, volumes, frontline and downline. Staff may open anyone; an active
-- distributor itself and its own downline. (A distributor's sponsor is
-- visible by name only: api.genealogy_node says so; nobody opens it.)
-- Called by the definer functions api.genealogy_*, which read tables the
-- caller cannot: this is where they apply the contract's matrix.
create or replace function private.genealogy_can_open(p_id uuid)
returns boolean
language sql
stable
set search_path = ''
as $$
  select p_id is not null
     and (auth.is_staff()
          or (auth.has_role('distributor')
              and (p_id = auth.user_id() or auth.in_downline(p_id))))
$$;
revoke all on function private.genealogy_can_open(uuid) from public;
grant execute on function private.genealogy_can_open(uuid) to mlm_definer;
comment on function private.genealogy_can_open(uuid) is
  'Whether the acting user may open a distributor''s place in the sponsor tree (counts, volumes, '
  'frontline, downline): staff anyone, an active distributor itself and its downline. Used by the '
  'definer api.genealogy_* functions.';
