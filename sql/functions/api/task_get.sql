-- One task for its edit form (nothing when the caller may not see it).
create or replace function api.task_get(p_id uuid)
returns table (id uuid, title varchar, description text, type public.task_type, priority public.task_priority,
               status public.task_status, due_at timestamptz, contact_id uuid, contact_name text,
               assignee_id uuid, assignee_email text, created_by_id uuid)
language sql stable
set search_path = ''
as $$
  select t.id, t.title, t.description, t.type, t.priority, t.status, t.due_at, t.contact_id, nullif(c.name, ''),
         t.assignee_id, u.email::text, t.created_by_id
    from public.tasks t
    left join public.contacts c on c.id = t.contact_id
    left join public.users u on u.id = t.assignee_id
   where t.id = p_id
$$;
revoke all on function api.task_get(uuid) from public;
grant execute on function api.task_get(uuid) to mlm_app;
comment on function api.task_get(uuid) is
  'One task for its edit form. Any signed-in user; no row when RLS hides it.';
