-- Log a call, email, meeting, SMS, note or other touch on a contact's
-- timeline (stage changes and tasks done are logged by their own functions).
-- When: now, or a time up to a year back; not more than a day ahead.
-- Invoker: RLS decides on which contacts the caller may log.
create or replace function api.activity_add(p_contact_id uuid, p_type public.activity_type,
                                            p_subject text default null, p_body text default null,
                                            p_occurred_at timestamptz default null)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_id uuid;
  v_at timestamptz := coalesce(p_occurred_at, public.app_now());
begin
  if p_type is null or p_type in ('stage_change', 'task_done') then
    raise exception using errcode = 'MLVAL', message = 'Choose a call, email, meeting, SMS, note or other.',
      column = 'type';
  end if;
  if nullif(btrim(p_subject), '') is null and nullif(btrim(p_body), '') is null then
    raise exception using errcode = 'MLVAL', message = 'Write what happened.', column = 'subject';
  end if;
  if length(btrim(p_subject)) > 200 then
    raise exception using errcode = 'MLVAL', message = 'The summary is at most 200 characters.', column = 'subject';
  end if;
  if length(p_body) > 20000 then
    raise exception using errcode = 'MLVAL', message = 'The details are at most 20,000 characters.', column = 'body';
  end if;
  if v_at > public.app_now() + interval '1 day' or v_at < public.app_now() - interval '1 year' then
    raise exception using errcode = 'MLVAL', message = 'Give a time in the past year (not in the future).',
      column = 'occurred_at';
  end if;
  if not exists (select from public.contacts c where c.id = p_contact_id) then
    raise exception using errcode = 'MLDNY', message = 'This contact does not exist or is not yours.';
  end if;
  insert into public.activities (contact_id, owner_id, type, subject, body, occurred_at)
  values (p_contact_id, auth.user_id(), p_type, nullif(btrim(p_subject), ''), nullif(btrim(p_body), ''), v_at)
  returning id into v_id;
  return v_id;
end
$$;
revoke all on function api.activity_add(uuid, public.activity_type, text, text, timestamptz) from public;
grant execute on function api.activity_add(uuid, public.activity_type, text, text, timestamptz) to mlm_app;
comment on function api.activity_add(uuid, public.activity_type, text, text, timestamp with time zone) is
  'Logs a call, email, meeting, SMS, note or other touch on a contact''s timeline, dated now or up '
  'to a year back. Any signed-in user on a contact RLS lets it write; refuses MLVAL (kind, subject,'
  ' body, time; column named) and MLDNY (a contact that does not exist or is not the caller''s).';
