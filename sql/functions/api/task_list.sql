-- Tasks for "my day" and the contact page, soonest first, each in a bucket:
-- overdue (open, due before now), today (open, due later today, UTC),
-- upcoming (open, due in the next 7 days), later (open, due after that or
-- with no due time), done (completed within the last day; only with
-- p_include_done). Filters: p_assignee_id (null: the caller; managers,
-- auditors and admins may ask for anyone's, or p_everyone for all),
-- p_contact_id (that contact's tasks, whoever they are assigned to).
create or replace function api.task_list(p_assignee_id uuid default null, p_everyone boolean default false,
                                         p_contact_id uuid default null, p_include_done boolean default true,
                                         p_limit integer default 300)
returns table (id uuid, title varchar, description text, type public.task_type, priority public.task_priority,
               status public.task_status, due_at timestamptz, completed_at timestamptz, bucket text,
               contact_id uuid, contact_name text, assignee_id uuid, assignee_name text,
               created_by_id uuid, reminder_sent boolean)
language sql stable
set search_path = ''
as $$
  with bounds as (
    select public.app_now() as now,
           (pg_catalog.date_trunc('day', public.app_now() at time zone 'UTC') + interval '1 day')
             at time zone 'UTC' as tomorrow
  )
  select t.id, t.title, t.description, t.type, t.priority, t.status, t.due_at, t.completed_at,
         case when t.status = 'completed' then 'done'
              when t.due_at < b.now then 'overdue'
              when t.due_at < b.tomorrow then 'today'
              when t.due_at < b.tomorrow + interval '7 days' then 'upcoming'
              else 'later' end,
         t.contact_id, nullif(c.name, ''),
         t.assignee_id,
         case when t.assignee_id = auth.user_id() then 'You'
              else coalesce(nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), ''), u.email::text, 'Someone') end,
         t.created_by_id, t.reminder_sent
    from public.tasks t
    cross join bounds b
    left join public.contacts c on c.id = t.contact_id
    left join public.users u on u.id = t.assignee_id
   where (p_contact_id is not null and t.contact_id = p_contact_id
          or p_contact_id is null and (p_everyone or t.assignee_id = coalesce(p_assignee_id, auth.user_id())))
     and (t.status in ('pending', 'in_progress')
          or p_include_done and t.status = 'completed' and t.completed_at >= b.now - interval '1 day')
   order by t.status = 'completed', t.due_at nulls last,
            array_position(array['urgent', 'high', 'medium', 'low']::public.task_priority[], t.priority), t.id
   limit least(greatest(coalesce(p_limit, 300), 1), 1000)
$$;
revoke all on function api.task_list(uuid, boolean, uuid, boolean, integer) from public;
grant execute on function api.task_list(uuid, boolean, uuid, boolean, integer) to mlm_app;
comment on function api.task_list(uuid, boolean, uuid, boolean, integer) is
  'Tasks in buckets (overdue, today, upcoming, later, done), soonest first, for the caller, another'
  ' assignee (managers, auditors, admins) or a contact. Any signed-in user (RLS).';
