-- Ranks that a period was paid as cannot be deleted or re-keyed
-- (period_volumes' statement-level foreign key on paid_as_rank_id:
-- private.fk_refuse_referenced). Deactivate a rank instead. Statement-level.
create or replace function public.tg_ranks__commission_refs()
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
  perform private.fk_refuse_referenced('ranks', v_keys);
  return null;
end
$$;
alter function public.tg_ranks__commission_refs() owner to mlm_definer;
revoke all on function public.tg_ranks__commission_refs() from public;

create or replace trigger _060_commission_refs_delete
  after delete on public.ranks referencing old table as old_rows
  for each statement execute function public.tg_ranks__commission_refs();
create or replace trigger _060_commission_refs_update
  after update of id on public.ranks
  for each row when (old.id is distinct from new.id)
  execute function public.tg_ranks__commission_refs();
