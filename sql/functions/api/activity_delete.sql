-- Remove a logged touch (a mistake) from a timeline; stage changes and
-- tasks done stay (they record what the pipeline and the tasks did).
-- Returns the contact's id, or null when nothing was removed.
create or replace function api.activity_delete(p_id uuid)
returns uuid
language sql volatile
set search_path = ''
as $$
  delete from public.activities a
   where a.id = p_id and a.type not in ('stage_change', 'task_done')
  returning a.contact_id
$$;
revoke all on function api.activity_delete(uuid) from public;
grant execute on function api.activity_delete(uuid) to mlm_app;
comment on function api.activity_delete(uuid) is
  'Removes a logged touch from a contact''s timeline (stage changes and tasks done stay); returns '
  'the contact''s id, or null when nothing was removed. Any signed-in user; RLS decides which '
  'activities it may delete.';
