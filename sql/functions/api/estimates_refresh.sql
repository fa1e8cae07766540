-- Refresh "if the period closed now" for today's period and, until it is
-- closed, last month's. Admins (the
-- scheduled job acts as the system admin) and DBAs only. A period whose
-- refresh or close is already running is skipped. Returns one JSON object
-- per period refreshed.
create or replace function api.estimates_refresh()
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_period text;
  v_done jsonb := '[]';
  v_one jsonb;
begin
  if not (private.caller_is_dba() or auth.is_admin()) then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can refresh the estimates.';
  end if;
  perform private.period_ensure(public.app_now());
  for v_period in
    select p.id from public.commission_periods p
     where p.status = 'open'
       and p.start_date <= (public.app_now() at time zone 'UTC')::date
       and p.start_date >= (date_trunc('month', public.app_now() at time zone 'UTC') - interval '1 month')::date
     order by p.id
  loop
    v_one := private.period_estimate(v_period);
    if v_one is not null then
      v_done := v_done || jsonb_build_array(v_one);
    end if;
  end loop;
  return v_done;
end
$$;
alter function api.estimates_refresh() owner to mlm_definer;
revoke all on function api.estimates_refresh() from public;
grant execute on function api.estimates_refresh() to mlm_app;
comment on function api.estimates_refresh() is
  'Recomputes "if the period closed now" for today''s period and, until it is closed, last '
  'month''s, with the close''s engine (skipping a period whose refresh or close is running); '
  'returns one JSON object per period. Admins (the scheduled job) and DBAs only: refuses MLDNY.';
