-- Finance or an admin pressed "Close period": check now what the close
-- would refuse (MLPER, with the reason) and queue a run
-- (private.period_close_runs); the caller enqueues the close job with the
-- returned run id once its transaction has committed. A second request
-- while one is queued (for under ten minutes) or running is refused.
-- lock_timeout: a close holds the period row; never make a request wait
-- for it.
create or replace function api.period_close_request(p_period_id text)
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
declare
  v_refusal text;
  v_run bigint;
begin
  if not auth.has_role('finance', 'admin') then
    raise exception using errcode = 'MLDNY', message = 'Only finance or an admin can close a period.';
  end if;
  if private.period_lock_held(p_period_id) then
    raise exception using errcode = 'MLPER',
      message = format('Period %s is being closed or finalized right now: wait for that to finish.', p_period_id);
  end if;
  perform private.period_ensure(to_date(p_period_id, 'YYYY-MM')::timestamp at time zone 'UTC')
    where p_period_id ~ '^[0-9]{4}-(0[1-9]|1[0-2])$';
  v_refusal := private.period_close_refusal(p_period_id);
  if v_refusal is not null then
    raise exception using errcode = 'MLPER', message = v_refusal;
  end if;
  if exists (select from private.period_close_runs r
              where r.period_id = p_period_id and r.state in ('queued', 'running')
                and r.requested_at > public.app_now() - interval '10 minutes') then
    raise exception using errcode = 'MLPER',
      message = format('A close of %s is already on its way: watch its progress below.', p_period_id);
  end if;
  insert into private.period_close_runs (period_id, requested_by)
  values (p_period_id, auth.user_id())
  returning id into v_run;
  return v_run;
exception
  when lock_not_available then
    raise exception using errcode = 'MLPER',
      message = format('Period %s is being closed or finalized right now: wait for that to finish.', p_period_id);
end
$$;
alter function api.period_close_request(text) owner to mlm_definer;
revoke all on function api.period_close_request(text) from public;
grant execute on function api.period_close_request(text) to mlm_app;
comment on function api.period_close_request(text) is
  'Queues a close of a period ("Close period" pressed) after checking what the close would refuse; '
  'returns the run id for the job. Finance and admins only: refuses MLDNY and MLPER (not closable, '
  'a close queued or running).';
