-- Hand back claimed reminders whose sending failed, so the next run tries
-- them again. Returns how many were released.
create or replace function api.task_reminders_release(p_task_ids uuid[])
returns integer
language sql volatile
set search_path = ''
as $$
  with released as (
    update public.tasks t set reminder_sent = false, reminder_sent_at = null
     where t.id = any (p_task_ids) and t.reminder_sent
    returning 1
  )
  select count(*)::integer from released
$$;
revoke all on function api.task_reminders_release(uuid[]) from public;
grant execute on function api.task_reminders_release(uuid[]) to mlm_app;
comment on function api.task_reminders_release(uuid[]) is
  'Hands back claimed reminders whose sending failed, so the next run tries again; returns how '
  'many. The reminder job (RLS).';
