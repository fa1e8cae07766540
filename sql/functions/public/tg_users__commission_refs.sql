-- commission_ledger.created_by follows its user as the declarative key did
-- (ON DELETE SET NULL): deleting a user clears it on the adjustments it
-- entered (refused, MLCLS, where they lie in a finalized period); a re-keyed
-- user in use is refused (private.fk_refuse_referenced). Statement-level.
create or replace function public.tg_users__commission_refs()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if TG_LEVEL = 'STATEMENT' then  -- delete
    update public.commission_ledger l set created_by = null
     where l.created_by in (select o.id from old_rows o);
  else                            -- the key itself changed (row level, rare)
    perform private.fk_refuse_referenced('users', array[old.id::text]);
  end if;
  return null;
end
$$;
alter function public.tg_users__commission_refs() owner to mlm_definer;
revoke all on function public.tg_users__commission_refs() from public;

create or replace trigger _060_commission_refs_delete
  after delete on public.users referencing old table as old_rows
  for each statement execute function public.tg_users__commission_refs();
create or replace trigger _060_commission_refs_update
  after update of id on public.users
  for each row when (old.id is distinct from new.id)
  execute function public.tg_users__commission_refs();
