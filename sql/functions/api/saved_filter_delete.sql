-- Delete one of the caller's saved filters.
create or replace function api.saved_filter_delete(p_id uuid)
returns boolean
language sql volatile
set search_path = ''
as $$
  with gone as (delete from public.contact_saved_filters f
                 where f.id = p_id and f.user_id = auth.user_id() returning 1)
  select exists (select from gone)
$$;
revoke all on function api.saved_filter_delete(uuid) from public;
grant execute on function api.saved_filter_delete(uuid) to mlm_app;
comment on function api.saved_filter_delete(uuid) is
  'Deletes one of the caller''s saved contact filters. Any signed-in user, its own filters only.';
