-- The caller's open tasks, soonest due first (overdue flagged).
create or replace function api.home_tasks_due(p_limit integer default 8)
returns table (id uuid, title text, priority public.task_priority, due_at timestamptz, overdue boolean)
language sql stable
set search_path = ''
as $$
  select t.id, t.title, t.priority, t.due_at, t.due_at < public.app_now()
    from public.tasks t
   where t.assignee_id = auth.user_id()
     and t.status in ('pending', 'in_progress')
   order by t.due_at nulls last, t.priority desc
   limit least(greatest(p_limit, 1), 100)
$$;
revoke all on function api.home_tasks_due(integer) from public;
grant execute on function api.home_tasks_due(integer) to mlm_app;
comment on function api.home_tasks_due(integer) is
  'The caller''s open tasks, soonest due first, overdue flagged. Any signed-in user.';
