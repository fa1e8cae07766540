-- Whether the acting user may change a contact of this owner: its owner (a
-- distributor), a manager or an admin (the contract's matrix). For definer
-- functions, which do not get RLS to decide for them.
create or replace function private.crm_may_write(p_owner_id uuid)
returns boolean
language sql stable
set search_path = ''
as $$
  select auth.has_role('manager', 'admin')
      or (auth.has_role('distributor') and p_owner_id = auth.user_id())
$$;
revoke all on function private.crm_may_write(uuid) from public;
grant execute on function private.crm_may_write(uuid) to mlm_definer;
comment on function private.crm_may_write(uuid) is
  'Whether the acting user may change a contact of this owner: the owner itself (a distributor), a '
  'manager or an admin (the contract''s matrix). For definer functions, which RLS does not guard.';
