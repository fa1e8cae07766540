-- Why period p_period_id cannot be closed now, in words (null: it can): a
-- close or finalize of it running, finalized, not over yet (by
-- public.app_now()), or an earlier period not finalized. What the close
-- checks once it holds its locks, and what the "Close period" button asks
-- before queueing the job.
create or replace function private.period_close_refusal(p_period_id text)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_period  public.commission_periods;
  v_earlier text;
  v_ends    timestamptz;
begin
  if p_period_id is null or p_period_id !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' then
    return format('A period id is a month written YYYY-MM, not %s.', coalesce(p_period_id, 'nothing'));
  end if;
  select * into v_period from public.commission_periods p where p.id = p_period_id;
  if v_period.status = 'finalized' then
    return format('Period %s is finalized: it never changes again.', p_period_id);
  end if;
  v_ends := (to_date(p_period_id, 'YYYY-MM') + interval '1 month')::timestamp at time zone 'UTC';
  if public.app_now() < v_ends then
    return format('Period %s is not over yet: it ends at %s UTC.', p_period_id,
                  to_char(v_ends at time zone 'UTC', 'YYYY-MM-DD HH24:MI'));
  end if;
  select min(p.id) into v_earlier
    from public.commission_periods p where p.id < p_period_id and p.status <> 'finalized';
  if v_earlier is not null then
    return format('Period %s cannot be closed before %s is finalized.', p_period_id, v_earlier);
  end if;
  return null;
end
$$;
revoke all on function private.period_close_refusal(text) from public;
grant execute on function private.period_close_refusal(text) to mlm_definer;
comment on function private.period_close_refusal(text) is
  'Why a period cannot be closed now, in words (null: it can): a close or finalize running, '
  'finalized, not over yet, or an earlier period not finalized.';
