-- Claim the task reminders to send now, marking each task reminder_sent in
-- the same statement, so a reminder goes out once: a second run (or a second
-- worker: skip locked) finds nothing to claim. Due: open tasks of active
-- users whose due time is within p_lead from now and not more than a day
-- past (older ones are left alone: no flood of stale reminders after an
-- outage). The job sends after this transaction commits; a send that fails
-- is handed back with api.task_reminders_release.
-- Run by the reminder job as the system user (an admin: RLS shows all).
create or replace function api.task_reminders_claim(p_lead interval default '15 minutes',
                                                    p_limit integer default 200)
returns table (task_id uuid, title varchar, description text, due_at timestamptz,
               priority public.task_priority, type public.task_type,
               assignee_email text, assignee_name text, contact_name text)
language sql volatile
set search_path = ''
as $$
  with due as (
    select t.id
      from public.tasks t
     where (select auth.is_admin())  -- the system user's job (an admin); nobody else claims
       and not t.reminder_sent
       and t.status in ('pending', 'in_progress')
       and t.due_at is not null
       and t.due_at <= public.app_now() + p_lead
       and t.due_at > public.app_now() - interval '1 day'
       and exists (select from public.users u where u.id = t.assignee_id and u.status = 'active'
                                                and not u.is_system)
     order by t.due_at
     limit least(greatest(coalesce(p_limit, 200), 1), 1000)
       for update of t skip locked
  ), claimed as (
    update public.tasks t
       set reminder_sent = true, reminder_sent_at = public.app_now()
      from due
     where t.id = due.id
    returning t.*
  )
  select c.id, c.title, c.description, c.due_at, c.priority, c.type, u.email::text,
         coalesce(nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), ''), u.email::text),
         nullif(k.name, '')
    from claimed c
    join public.users u on u.id = c.assignee_id
    left join public.contacts k on k.id = c.contact_id
   order by c.due_at
$$;
revoke all on function api.task_reminders_claim(interval, integer) from public;
grant execute on function api.task_reminders_claim(interval, integer) to mlm_app;
comment on function api.task_reminders_claim(interval, integer) is
  'Claims the task reminders due now and marks them sent in the same statement, so each goes out '
  'once (skip locked). The reminder job as the system user (an admin); others see no tasks to '
  'claim.';
