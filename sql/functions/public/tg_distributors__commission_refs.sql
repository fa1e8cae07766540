-- Distributors used by commission rows cannot be deleted or re-keyed (the
-- referenced side of commission_ledger's and period_volumes' statement-level
-- foreign keys: private.fk_refuse_referenced). Statement-level.
create or replace function public.tg_distributors__commission_refs()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_keys text[];
begin
  if TG_LEVEL = 'STATEMENT' then  -- delete
    select array_agg(o.user_id::text) into v_keys from old_rows o;
  else                            -- the key itself changed (row level, rare)
    v_keys := array[old.user_id::text];
  end if;
  perform private.fk_refuse_referenced('distributors', v_keys);
  return null;
end
$$;
alter function public.tg_distributors__commission_refs() owner to mlm_definer;
revoke all on function public.tg_distributors__commission_refs() from public;

create or replace trigger _060_commission_refs_delete
  after delete on public.distributors referencing old table as old_rows
  for each statement execute function public.tg_distributors__commission_refs();
create or replace trigger _060_commission_refs_update
  after update of user_id on public.distributors
  for each row when (old.user_id is distinct from new.user_id)
  execute function public.tg_distributors__commission_refs();
