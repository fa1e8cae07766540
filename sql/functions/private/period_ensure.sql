-- Make sure a period row exists for the month of p_at (UTC) and for every
-- month between it and the existing periods (before or after them): plan v1
-- periods are contiguous, empty months included. Returns p_at's period id.
-- Definer: an order or a job may need a period that no user may create.
create or replace function private.period_ensure(p_at timestamptz)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_month date := date_trunc('month', p_at at time zone 'UTC')::date;
  v_first date;
  v_last  date;
begin
  select min(start_date), max(start_date) into v_first, v_last from public.commission_periods;
  if v_month between v_first and v_last then
    return to_char(v_month, 'YYYY-MM');  -- the common case: nothing to create
  end if;
  insert into public.commission_periods (id, name, start_date, end_date)
  select to_char(m, 'YYYY-MM'), to_char(m, 'FMMonth YYYY'), m::date,
         (m + interval '1 month')::date - 1
    from generate_series(least(coalesce(v_first, v_month), v_month),
                         greatest(coalesce(v_last, v_month), v_month), interval '1 month') as m
  on conflict (id) do nothing;
  return to_char(v_month, 'YYYY-MM');
end
$$;
alter function private.period_ensure(timestamptz) owner to mlm_definer;
revoke all on function private.period_ensure(timestamptz) from public;
comment on function private.period_ensure(timestamp with time zone) is
  'Makes sure the period of a moment exists, with every month between it and the existing periods '
  '(contiguous periods); returns its id.';
