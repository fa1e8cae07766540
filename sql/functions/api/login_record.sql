-- Record a sign-in attempt, good or bad, with the request's IP and user
-- agent (from the identity statement) in the audit trail. A failure counts
-- towards the lockout: the 5th failure in a row locks the account for 15
-- minutes (and starts the count again); a success clears the count.
-- Attempts on a locked account are recorded but do not extend the lock.
create or replace function api.login_record(p_email text, p_user_id uuid, p_success boolean, p_stage text)
returns table (locked_until timestamptz)
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  c_max_attempts constant integer := 5;
  c_lock constant interval := interval '15 minutes';
  v_user public.users%rowtype;
  v_action text;
begin
  select * into v_user from public.users u where u.id = p_user_id for update;
  if not found then
    perform private.audit_event('sign_in', null, 'login_failed', null,
      jsonb_build_object('email', left(p_email, 255), 'stage', p_stage, 'reason', 'unknown email'));
    return query select null::timestamptz;
    return;
  end if;

  if p_success then
    update public.users u set login_attempts = 0, locked_until = null, last_login = public.app_now()
     where u.id = p_user_id;
    v_action := 'login_succeeded';
  elsif v_user.locked_until > public.app_now() then
    v_action := 'login_refused_locked';
  elsif v_user.login_attempts + 1 >= c_max_attempts then
    update public.users u set login_attempts = 0, locked_until = public.app_now() + c_lock
     where u.id = p_user_id returning u.locked_until into v_user.locked_until;
    v_action := 'login_locked';
  else
    update public.users u set login_attempts = u.login_attempts + 1 where u.id = p_user_id;
    v_action := 'login_failed';
  end if;

  perform private.audit_event('sign_in', p_user_id::text, v_action, null,
    jsonb_build_object('email', v_user.email, 'stage', p_stage,
                       'status', v_user.status, 'locked_until', v_user.locked_until));
  return query select case when v_user.locked_until > public.app_now() then v_user.locked_until end;
end
$$;
alter function api.login_record(text, uuid, boolean, text) owner to mlm_definer;
revoke all on function api.login_record(text, uuid, boolean, text) from public;
grant execute on function api.login_record(text, uuid, boolean, text) to mlm_app;
comment on function api.login_record(text, uuid, boolean, text) is
  'Records a sign-in attempt in the audit trail; the fifth failure in a row locks the account for '
  '15 minutes, a success clears the count. Sign-in (anonymous caller).';
