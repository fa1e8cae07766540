-- finalize_period (compensation-plan.md section 1): freeze a closed period.
-- Its ledger and period_volumes can no longer change (guard triggers refuse
-- every write, MLCLS), payouts can be drawn from it, and each distributor's
-- title rank (distributors.rank_id) becomes the higher of the title and the
-- period's paid-as rank. One transaction; refusals change nothing:
-- MLVAL a malformed id; MLDNY not finance, an admin or a DBA; MLPER a close
-- or finalize of it running, the period not closed (open) or already
-- finalized, or an earlier period not finalized.
create or replace function private.period_finalize(p_period_id text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_period  public.commission_periods;
  v_earlier text;
  v_titles  bigint;
begin
  if p_period_id is null or p_period_id !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' then
    raise exception using errcode = 'MLVAL', column = 'period_id',
      message = format('A period id is a month written YYYY-MM, not %s.', coalesce(p_period_id, 'nothing'));
  end if;
  if not (private.caller_is_dba() or auth.has_role('finance', 'admin')) then
    raise exception using errcode = 'MLDNY', message = 'Only finance or an admin can finalize a period.';
  end if;
  if not pg_catalog.pg_try_advisory_xact_lock(private.advisory_lock_key('period_close')::integer, private.period_ordinal(p_period_id)) then
    raise exception using errcode = 'MLPER',
      message = format('Period %s is being closed or finalized right now: wait for that to finish.', p_period_id);
  end if;
  select * into v_period from public.commission_periods p where p.id = p_period_id for update;
  if not found or v_period.status = 'open' then
    raise exception using errcode = 'MLPER',
      message = format('Period %s is not closed yet: close it before finalizing it.', p_period_id);
  elsif v_period.status = 'finalized' then
    raise exception using errcode = 'MLPER', message = format('Period %s is already finalized.', p_period_id);
  elsif v_period.status <> 'closed' then
    raise exception using errcode = 'MLPER',
      message = format('Period %s is %s: only a closed period can be finalized.', p_period_id, v_period.status);
  end if;
  select min(p.id) into v_earlier
    from public.commission_periods p where p.id < p_period_id and p.status <> 'finalized';
  if v_earlier is not null then
    raise exception using errcode = 'MLPER',
      message = format('Period %s cannot be finalized before %s is.', p_period_id, v_earlier);
  end if;

  -- Title ranks: up to the paid-as rank, never down.
  update public.distributors d
     set rank_id = v.paid_as_rank_id
    from public.period_volumes v
    join public.ranks r on r.id = v.paid_as_rank_id
   where v.period_id = p_period_id and d.user_id = v.distributor_id
     and (d.rank_id is null
          or r.level > (select t.level from public.ranks t where t.id = d.rank_id));
  get diagnostics v_titles = row_count;

  update public.commission_periods p
     set status = 'finalized', finalized_at = public.app_now()
   where p.id = p_period_id;
  delete from public.period_estimates e where e.period_id = p_period_id;

  perform private.audit_event('commission_periods', p_period_id, 'finalize',
                              jsonb_build_object('status', v_period.status),
                              jsonb_build_object('status', 'finalized', 'title_ranks_raised', v_titles),
                              1);
  return jsonb_build_object('period_id', p_period_id, 'status', 'finalized', 'title_ranks_raised', v_titles);
end
$$;
alter function private.period_finalize(text) owner to mlm_definer;
revoke all on function private.period_finalize(text) from public;
comment on function private.period_finalize(text) is
  'Freezes a closed period: its ledger and period_volumes never change again and each '
  'distributor''s title rank rises to its paid-as rank. Finance, admins and DBAs; refuses MLVAL '
  '(malformed id), MLDNY and MLPER (not closed, finalized, an earlier period not finalized, '
  'running).';
