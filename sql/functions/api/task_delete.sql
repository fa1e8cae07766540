-- Delete a task (RLS: a distributor the tasks assigned to or created by it).
create or replace function api.task_delete(p_id uuid)
returns boolean
language sql volatile
set search_path = ''
as $$
  with gone as (delete from public.tasks t where t.id = p_id returning 1)
  select exists (select from gone)
$$;
revoke all on function api.task_delete(uuid) from public;
grant execute on function api.task_delete(uuid) to mlm_app;
comment on function api.task_delete(uuid) is
  'Deletes a task. Any signed-in user; RLS decides (a distributor the tasks assigned to or created '
  'by it).';
