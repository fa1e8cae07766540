-- A manual adjustment (finance or admin): amount (may be negative, not
-- zero) for the distributor with that number in an open or closed period,
-- with a reason; audited like every ledger write, kept by re-closes, and in
-- a closed period added to its total at once (tg_commission_ledger__guard).
-- MLVAL names the field; MLCLS a finalized period; MLPER while a close of
-- the period runs. Invoker: the ledger's policies apply. Returns the id.
create or replace function api.adjustment_add(p_period_id text, p_distributor_number text, p_amount numeric,
                                              p_reason text)
returns uuid
language plpgsql
volatile
set search_path = ''
set lock_timeout = '5s'
as $$
declare
  v_status public.period_status;
  v_distributor uuid;
  v_id uuid;
begin
  if not auth.has_role('finance', 'admin') then
    raise exception using errcode = 'MLDNY', message = 'Only finance or an admin can enter adjustments.';
  end if;
  select p.status into v_status from public.commission_periods p where p.id = p_period_id;
  if v_status is null then
    raise exception using errcode = 'MLVAL', column = 'period_id', message = 'There is no such period.';
  elsif v_status = 'finalized' then
    raise exception using errcode = 'MLCLS',
      message = format('Period %s is finalized: enter the adjustment in an open or closed period.', p_period_id);
  end if;
  select d.user_id into v_distributor
    from public.distributors d where upper(d.distributor_number) = upper(btrim(p_distributor_number));
  if v_distributor is null then
    raise exception using errcode = 'MLVAL', column = 'distributor_number',
      message = 'No distributor has this number.';
  end if;
  if p_amount is null or p_amount = 0 then
    raise exception using errcode = 'MLVAL', column = 'amount', message = 'Enter an amount other than zero.';
  elsif abs(p_amount) >= 1000000000 or p_amount <> round(p_amount, 2) then
    raise exception using errcode = 'MLVAL', column = 'amount',
      message = 'Enter an amount in cents, below 1,000,000,000.';
  end if;
  if coalesce(btrim(p_reason), '') = '' then
    raise exception using errcode = 'MLVAL', column = 'reason', message = 'Say why: a reason is required.';
  elsif length(p_reason) > 500 then
    raise exception using errcode = 'MLVAL', column = 'reason', message = 'Keep the reason under 500 characters.';
  end if;
  insert into public.commission_ledger (period_id, distributor_id, type, amount, is_manual, reason, created_by,
                                        source_distributor_id, level, rate, pv)
  values (p_period_id, v_distributor, 'adjustment', p_amount, true, btrim(p_reason), auth.user_id(),
          null, null, null, null)
  returning id into v_id;
  return v_id;
exception
  when lock_not_available then
    raise exception using errcode = 'MLPER',
      message = format('Period %s is being closed right now: enter the adjustment when it is done.', p_period_id);
end
$$;
revoke all on function api.adjustment_add(text, text, numeric, text) from public;
grant execute on function api.adjustment_add(text, text, numeric, text) to mlm_app;
comment on function api.adjustment_add(text, text, numeric, text) is
  'Adds a manual adjustment (a non-zero amount with a reason) to a distributor''s ledger in an open'
  ' or closed period; kept by re-closes and audited. Finance and admins only: refuses MLDNY (other '
  'roles), MLVAL (period, distributor number, amount, reason), MLCLS (a finalized period) and MLPER'
  ' (a close of the period running).';
