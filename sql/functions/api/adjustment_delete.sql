-- Remove a manual adjustment (finance or admin) of an open or closed
-- period; audited. MLVAL when there is no such adjustment it may remove;
-- MLCLS when its period is finalized.
create or replace function api.adjustment_delete(p_id uuid)
returns void
language plpgsql
volatile
set search_path = ''
set lock_timeout = '5s'
as $$
declare
  v_status public.period_status;
begin
  if not auth.has_role('finance', 'admin') then
    raise exception using errcode = 'MLDNY', message = 'Only finance or an admin can remove adjustments.';
  end if;
  select p.status into v_status
    from public.commission_ledger l join public.commission_periods p on p.id = l.period_id
   where l.id = p_id and l.is_manual;
  if v_status is null then
    raise exception using errcode = 'MLVAL', column = 'id', message = 'There is no such adjustment.';
  elsif v_status = 'finalized' then
    raise exception using errcode = 'MLCLS', message = 'This adjustment is in a finalized period: it stays.';
  end if;
  delete from public.commission_ledger l where l.id = p_id and l.is_manual;
exception
  when lock_not_available then
    raise exception using errcode = 'MLPER', message = 'Its period is being closed right now: try again when it is done.';
end
$$;
revoke all on function api.adjustment_delete(uuid) from public;
grant execute on function api.adjustment_delete(uuid) to mlm_app;
comment on function api.adjustment_delete(uuid) is
  'Removes a manual adjustment of an open or closed period; audited. Finance and admins only: '
  'refuses MLDNY (other roles), MLVAL (no such adjustment), MLCLS (a finalized period) and MLPER (a'
  ' close of the period running).';
