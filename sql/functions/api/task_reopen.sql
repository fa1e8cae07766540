-- Undo a completion: the task is open again and its 'task_done' timeline
-- entry goes away. Returns the id, or null when nothing changed.
create or replace function api.task_reopen(p_id uuid)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_id uuid;
begin
  update public.tasks t set status = 'pending', completed_at = null
   where t.id = p_id and t.status = 'completed'
  returning t.id into v_id;
  if v_id is not null then
    delete from public.activities a
     where a.type = 'task_done' and a.metadata ->> 'task_id' = v_id::text;
  end if;
  return v_id;
end
$$;
revoke all on function api.task_reopen(uuid) from public;
grant execute on function api.task_reopen(uuid) to mlm_app;
comment on function api.task_reopen(uuid) is
  'Undoes a task''s completion (its timeline entry goes); returns its id, or null when nothing '
  'changed. Any signed-in user for the tasks RLS lets it change.';
