-- The period the scheduled close should close today, or null: last month,
-- once today (UTC, public.app_now()) is on or after plan setting
-- auto_close_day (0: never), while it is still open and closable (see
-- private.period_close_refusal) and no close of it is queued or running.
-- Admins (the system user) and DBAs.
create or replace function api.period_auto_close_due()
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_day integer;
  v_period text := to_char((public.app_now() at time zone 'UTC') - interval '1 month', 'YYYY-MM');
begin
  if not (private.caller_is_dba() or auth.is_admin()) then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can run the scheduled close.';
  end if;
  v_day := private.plan_integer('auto_close_day');
  if v_day = 0 or extract(day from public.app_now() at time zone 'UTC') < v_day
     or exists (select from public.commission_periods p where p.id = v_period and p.status <> 'open')
     or not exists (select from public.commission_periods p where p.id = v_period)
     or private.period_close_refusal(v_period) is not null
     or private.period_lock_held(v_period)
     or exists (select from private.period_close_runs r
                 where r.period_id = v_period and r.state in ('queued', 'running')
                   and r.requested_at > public.app_now() - interval '10 minutes') then
    return null;
  end if;
  return v_period;
end
$$;
alter function api.period_auto_close_due() owner to mlm_definer;
revoke all on function api.period_auto_close_due() from public;
grant execute on function api.period_auto_close_due() to mlm_app;
comment on function api.period_auto_close_due() is
  'The period the scheduled close should close today (last month, from plan setting auto_close_day,'
  ' while open, closable and not queued or running), or null. Admins (the system user) and DBAs: '
  'refuses MLDNY.';
