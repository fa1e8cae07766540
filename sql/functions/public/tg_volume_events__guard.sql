-- volume_events of a closed or finalized period (or one being closed, or a
-- month before the latest closed one) never change, whoever writes: a
-- superuser's direct INSERT, UPDATE or DELETE is refused with MLCLS, as the
-- orders that make them already are (private.period_refuse_closed). The
-- ledger and period_volumes had their guards; the events a close reads did
-- not. Statement-level: one pass over the transition tables.
create or replace function public.tg_volume_events__guard()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_months text[];
begin
  if TG_OP = 'INSERT' then
    select array_agg(distinct n.period_id::text) into v_months from new_rows n;
  elsif TG_OP = 'UPDATE' then
    select array_agg(distinct t.period_id::text) into v_months
      from (select n.period_id from new_rows n union select o.period_id from old_rows o) t;
  else
    select array_agg(distinct o.period_id::text) into v_months from old_rows o;
  end if;
  perform private.period_refuse_closed(v_months, 'This write to volume_events');
  return null;
end
$$;
alter function public.tg_volume_events__guard() owner to mlm_definer;
revoke all on function public.tg_volume_events__guard() from public;

create or replace trigger _050_guard_insert
  after insert on public.volume_events referencing new table as new_rows
  for each statement execute function public.tg_volume_events__guard();
create or replace trigger _050_guard_update
  after update on public.volume_events referencing old table as old_rows new table as new_rows
  for each statement execute function public.tg_volume_events__guard();
create or replace trigger _050_guard_delete
  after delete on public.volume_events referencing old table as old_rows
  for each statement execute function public.tg_volume_events__guard();
