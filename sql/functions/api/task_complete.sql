-- Tick a task off: completed now, and a 'task_done' entry on its contact's
-- timeline (when the caller may write on that contact). Returns the task's
-- id, or null when the caller may not change it. Idempotent: a task already
-- done stays as it was.
create or replace function api.task_complete(p_id uuid)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  t    public.tasks;
  v_id uuid;
begin
  update public.tasks x
     set status = 'completed', completed_at = public.app_now()
   where x.id = p_id and x.status in ('pending', 'in_progress')
  returning x.* into t;
  if t.id is null then
    select x.id into v_id from public.tasks x where x.id = p_id and x.status = 'completed';
    return v_id;
  end if;
  if t.contact_id is not null
     and exists (select from public.contacts c
                  where c.id = t.contact_id
                    and (auth.has_role('manager', 'admin') or c.owner_id = auth.user_id())) then
    insert into public.activities (contact_id, owner_id, type, subject, metadata)
    values (t.contact_id, auth.user_id(), 'task_done', t.title, jsonb_build_object('task_id', t.id));
  end if;
  return t.id;
end
$$;
revoke all on function api.task_complete(uuid) from public;
grant execute on function api.task_complete(uuid) to mlm_app;
comment on function api.task_complete(uuid) is
  'Ticks a task off (and logs it on its contact''s timeline); idempotent; returns its id, or null '
  'when the caller may not change it. Any signed-in user for the tasks RLS lets it change.';
