-- Whose commissions the caller may read: p_distributor_id (null: the
-- caller itself). A distributor reads only its own; manager, finance,
-- auditor and admin read anyone's (the contract's commission_ledger row);
-- anyone else is refused (MLDNY). Returns the distributor's id.
create or replace function private.ledger_reader(p_distributor_id uuid)
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  v_id uuid := coalesce(p_distributor_id, auth.user_id());
begin
  if v_id is null
     or not (auth.has_role('manager', 'finance', 'auditor', 'admin')
             or (auth.has_role('distributor') and v_id = auth.user_id())) then
    raise exception using errcode = 'MLDNY', message = 'You may not see this distributor''s commissions.';
  end if;
  return v_id;
end
$$;
revoke all on function private.ledger_reader(uuid) from public;
grant execute on function private.ledger_reader(uuid) to mlm_definer;
comment on function private.ledger_reader(uuid) is
  'Whose commissions the caller may read: the distributor (null: the caller), if it is the '
  'caller''s own or the caller is a manager, finance, auditor or admin; refuses MLDNY otherwise.';
