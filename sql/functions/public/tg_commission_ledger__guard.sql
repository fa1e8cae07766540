-- The ledger of a finalized period never changes, whoever writes (a
-- superuser included): a statement touching one of its rows is refused
-- (MLCLS) and so is TRUNCATE while any finalized period has rows.
-- A manual adjustment written into a closed period (kept by re-closes)
-- brings that period's total_commissions up to date at once.
-- The table's foreign keys are checked here too, once per statement and key
-- column (private.fk_require: exists, locked FOR KEY SHARE), instead of
-- declarative keys checked row by row (see 0007).
-- Statement-level with transition tables: a close writing millions of rows
-- costs one pass over them, not one trigger call per row.
create or replace function public.tg_commission_ledger__guard()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_finalized text;
  v_closed    text[];
begin
  if TG_OP = 'TRUNCATE' then
    select min(l.period_id) into v_finalized
      from public.commission_ledger l
      join public.commission_periods p on p.id = l.period_id and p.status = 'finalized';
  else
    -- Each event has only its own transition tables, so one query each.
    if TG_OP <> 'DELETE' then
      perform private.fk_require((select array_agg(t.k) from (select distinct n.period_id as k from new_rows n) t),
                                 'public.commission_periods', 'id', 'commission_ledger',
                                 'commission_ledger_period_id_fkey', 'period_id');
      perform private.fk_require((select array_agg(t.k) from (select n.distributor_id as k from new_rows n
                                                                union
                                                                select n.source_distributor_id from new_rows n
                                                                 where n.source_distributor_id is not null) t),
                                 'public.distributors', 'user_id', 'commission_ledger',
                                 'commission_ledger_distributor_id_fkey', 'distributor_id');
      perform private.fk_require((select array_agg(t.k) from (select distinct n.source_order_id as k from new_rows n
                                   where n.source_order_id is not null) t),
                                 'public.orders', 'id', 'commission_ledger',
                                 'commission_ledger_source_order_id_fkey', 'source_order_id');
      perform private.fk_require((select array_agg(t.k) from (select distinct n.created_by as k from new_rows n
                                   where n.created_by is not null) t),
                                 'public.users', 'id', 'commission_ledger',
                                 'commission_ledger_created_by_fkey', 'created_by');
    end if;
    if TG_OP = 'INSERT' then
      select min(p.id) filter (where p.status = 'finalized'),
             array_agg(p.id) filter (where p.status = 'closed' and t.manual)
        into v_finalized, v_closed
        from (select n.period_id, bool_or(n.is_manual) as manual from new_rows n group by n.period_id) t
        join public.commission_periods p on p.id = t.period_id;
    elsif TG_OP = 'UPDATE' then
      select min(p.id) filter (where p.status = 'finalized'),
             array_agg(p.id) filter (where p.status = 'closed' and t.manual)
        into v_finalized, v_closed
        from (select u.period_id, bool_or(u.is_manual) as manual
                from (select n.period_id, n.is_manual from new_rows n
                      union all
                      select o.period_id, o.is_manual from old_rows o) u
               group by u.period_id) t
        join public.commission_periods p on p.id = t.period_id;
    else
      select min(p.id) filter (where p.status = 'finalized'),
             array_agg(p.id) filter (where p.status = 'closed' and t.manual)
        into v_finalized, v_closed
        from (select o.period_id, bool_or(o.is_manual) as manual from old_rows o group by o.period_id) t
        join public.commission_periods p on p.id = t.period_id;
    end if;
  end if;
  if v_finalized is not null then
    raise exception using errcode = 'MLCLS',
      message = format('Period %s is finalized: its commission ledger never changes.', v_finalized),
      hint = 'Enter a correction as an adjustment in an open or closed period.';
  end if;
  if v_closed is not null then
    update public.commission_periods p
       set total_commissions = (select coalesce(sum(l.amount), 0) from public.commission_ledger l
                                 where l.period_id = p.id)
     where p.id = any (v_closed) and p.status = 'closed';
  end if;
  return null;
end
$$;
alter function public.tg_commission_ledger__guard() owner to mlm_definer;
revoke all on function public.tg_commission_ledger__guard() from public;

-- One trigger per event: transition tables serve a single event each.
create or replace trigger _050_guard_insert
  after insert on public.commission_ledger referencing new table as new_rows
  for each statement execute function public.tg_commission_ledger__guard();
create or replace trigger _050_guard_update
  after update on public.commission_ledger referencing old table as old_rows new table as new_rows
  for each statement execute function public.tg_commission_ledger__guard();
create or replace trigger _050_guard_delete
  after delete on public.commission_ledger referencing old table as old_rows
  for each statement execute function public.tg_commission_ledger__guard();
create or replace trigger _050_guard_truncate
  before truncate on public.commission_ledger
  for each statement execute function public.tg_commission_ledger__guard();
