-- Orders named as a commission row's source order cannot be deleted or
-- re-keyed (commission_ledger's statement-level foreign key on
-- source_order_id: private.fk_refuse_referenced). Statement-level.
create or replace function public.tg_orders__commission_refs()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_keys text[];
begin
  if TG_LEVEL = 'STATEMENT' then  -- delete
    select array_agg(o.id::text) into v_keys from old_rows o;
  else                            -- the key itself changed (row level, rare)
    v_keys := array[old.id::text];
  end if;
  -- Only the app's adjustments could name a source order: skip the lookup while none does.
  if exists (select from public.commission_ledger l where l.source_order_id is not null) then
    perform private.fk_refuse_referenced('orders', v_keys);
  end if;
  return null;
end
$$;
alter function public.tg_orders__commission_refs() owner to mlm_definer;
revoke all on function public.tg_orders__commission_refs() from public;

create or replace trigger _060_commission_refs_delete
  after delete on public.orders referencing old table as old_rows
  for each statement execute function public.tg_orders__commission_refs();
create or replace trigger _060_commission_refs_update
  after update of id on public.orders
  for each row when (old.id is distinct from new.id)
  execute function public.tg_orders__commission_refs();
