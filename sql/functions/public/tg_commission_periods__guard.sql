-- A finalized period never changes: its row can be neither updated (a
-- no-op update passes) nor deleted, by anyone (MLCLS); TRUNCATE is refused
-- while a finalized period exists. Periods move through their life cycle
-- only by close_period() and finalize_period(): the app role may write no
-- other column than name (see 0007's grants). A period used by ledger or
-- period_volumes rows cannot be deleted or re-keyed (their statement-level
-- foreign keys: private.fk_refuse_referenced).
create or replace function public.tg_commission_periods__guard()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if TG_OP = 'TRUNCATE' then
    if exists (select from public.commission_periods p where p.status = 'finalized') then
      raise exception using errcode = 'MLCLS', message = 'Finalized periods never change: commission_periods cannot be truncated.';
    end if;
    return null;
  end if;
  if old.status = 'finalized' and (TG_OP = 'DELETE' or row(new.*) is distinct from row(old.*)) then
    raise exception using errcode = 'MLCLS',
      message = format('Period %s is finalized: it never changes.', old.id);
  end if;
  if TG_OP = 'DELETE' or new.id is distinct from old.id then
    perform private.fk_refuse_referenced('commission_periods', array[old.id::text]);
  end if;
  return case TG_OP when 'DELETE' then old else new end;
end
$$;
alter function public.tg_commission_periods__guard() owner to mlm_definer;
revoke all on function public.tg_commission_periods__guard() from public;

create or replace trigger _050_guard
  before update or delete on public.commission_periods
  for each row execute function public.tg_commission_periods__guard();
create or replace trigger _050_guard_truncate
  before truncate on public.commission_periods
  for each statement execute function public.tg_commission_periods__guard();
