-- Create (p_id null) or edit a task. A distributor's tasks are its own
-- (assigning to someone else is for managers and admins, MLDNY otherwise);
-- the contact, when given, must be one the caller can see. Moving the due
-- time of a task re-arms its reminder (the reminder is for the due time).
create or replace function api.task_save(
  p_id uuid default null, p_title text default null, p_type public.task_type default 'follow_up',
  p_priority public.task_priority default 'medium', p_due_at timestamptz default null,
  p_contact_id uuid default null, p_description text default null, p_assignee_id uuid default null)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_title    text := nullif(btrim(p_title), '');
  v_assignee uuid := coalesce(p_assignee_id, auth.user_id());
  v_id       uuid;
begin
  if v_title is null then
    raise exception using errcode = 'MLVAL', message = 'Say what is to be done.', column = 'title';
  end if;
  if length(v_title) > 200 then
    raise exception using errcode = 'MLVAL', message = 'The title is at most 200 characters.', column = 'title';
  end if;
  if length(p_description) > 20000 then
    raise exception using errcode = 'MLVAL', message = 'The description is at most 20,000 characters.',
      column = 'description';
  end if;
  if p_type is null then
    raise exception using errcode = 'MLVAL', message = 'Choose a type.', column = 'type';
  end if;
  if p_priority is null then
    raise exception using errcode = 'MLVAL', message = 'Choose a priority.', column = 'priority';
  end if;
  if v_assignee is distinct from auth.user_id() then
    if not auth.has_role('manager', 'admin') then
      raise exception using errcode = 'MLDNY', message = 'Only managers and admins assign tasks to others.';
    end if;
    if not exists (select from public.users u where u.id = v_assignee and u.status = 'active'
                                                 and u.role in ('distributor', 'manager', 'admin')) then
      raise exception using errcode = 'MLVAL', message = 'Choose an active distributor or manager.',
        column = 'assignee';
    end if;
  end if;
  if p_contact_id is not null and not exists (select from public.contacts c where c.id = p_contact_id) then
    raise exception using errcode = 'MLVAL', message = 'Choose one of your contacts.', column = 'contact_id';
  end if;

  if p_id is null then
    insert into public.tasks (title, description, type, priority, assignee_id, created_by_id, contact_id, due_at)
    values (v_title, nullif(btrim(p_description), ''), p_type, p_priority, v_assignee, auth.user_id(),
            p_contact_id, p_due_at)
    returning id into v_id;
  else
    update public.tasks t
       set title = v_title, description = nullif(btrim(p_description), ''), type = p_type, priority = p_priority,
           assignee_id = v_assignee, contact_id = p_contact_id, due_at = p_due_at,
           reminder_sent = case when t.due_at is distinct from p_due_at then false else t.reminder_sent end,
           reminder_sent_at = case when t.due_at is distinct from p_due_at then null else t.reminder_sent_at end
     where t.id = p_id
    returning t.id into v_id;
    if v_id is null then
      raise exception using errcode = 'MLDNY', message = 'This task does not exist or is not yours.';
    end if;
  end if;
  return v_id;
end
$$;
revoke all on function api.task_save(uuid, text, public.task_type, public.task_priority, timestamptz, uuid, text, uuid)
  from public;
grant execute on function api.task_save(uuid, text, public.task_type, public.task_priority, timestamptz, uuid, text, uuid)
  to mlm_app;
comment on function api.task_save(uuid, text, public.task_type, public.task_priority,
  timestamp with time zone, uuid, text, uuid) is
  'Creates (p_id null) or edits a task; moving the due time re-arms its reminder. Any signed-in '
  'user for its own tasks; assigning to others is for managers and admins: refuses MLDNY and MLVAL '
  '(title, description, type, priority, assignee, contact).';
