-- Refuse (MLCLS) a write whose volume events would fall in a period that is
-- closed, finalized or being closed, or in a month before the latest closed
-- or finalized period. Locks the open periods it checks (FOR SHARE), so a
-- write and a close of the same period are serialised: the write either
-- commits before the close reads, or waits and is then refused.
create or replace function private.period_refuse_closed(p_months text[], p_what text)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_latest text;
  v_bad record;
begin
  if coalesce(cardinality(p_months), 0) = 0 then
    return;
  end if;
  perform 1 from public.commission_periods p where p.id = any (p_months) order by p.id for share;
  select p.id, p.status into v_bad
    from public.commission_periods p
   where p.id = any (p_months) and p.status in ('closed', 'finalized', 'calculating')
   order by p.id limit 1;
  if found then
    raise exception using errcode = 'MLCLS',
      message = format('%s would change period %s, which is %s.', p_what, v_bad.id,
                       case v_bad.status when 'calculating' then 'being closed right now' else v_bad.status::text end),
      hint = 'Closed periods never change: record a refund or an adjustment in the open period instead.';
  end if;
  select max(p.id) into v_latest from public.commission_periods p where p.status in ('closed', 'finalized');
  if v_latest is not null and exists (select from unnest(p_months) m where m < v_latest) then
    raise exception using errcode = 'MLCLS',
      message = format('%s would change a month before %s, the latest closed period.', p_what, v_latest),
      hint = 'Closed periods never change: record a refund or an adjustment in the open period instead.';
  end if;
end
$$;
alter function private.period_refuse_closed(text[], text) owner to mlm_definer;
revoke all on function private.period_refuse_closed(text[], text) from public;
comment on function private.period_refuse_closed(text[], text) is
  'Refuses (MLCLS) a write whose volume events would fall in a closed, finalized or closing period,'
  ' or before the latest closed one; locks the open periods it checks so writes and closes '
  'serialise.';
