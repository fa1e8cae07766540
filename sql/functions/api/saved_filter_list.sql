-- The caller's saved contact filters, by name.
create or replace function api.saved_filter_list()
returns table (id uuid, name varchar, params jsonb)
language sql stable
set search_path = ''
as $$
  select f.id, f.name, f.params from public.contact_saved_filters f
   where f.user_id = auth.user_id()
   order by lower(f.name)
$$;
revoke all on function api.saved_filter_list() from public;
grant execute on function api.saved_filter_list() to mlm_app;
comment on function api.saved_filter_list() is
  'The caller''s saved contact filters, by name. Any signed-in user, its own filters only.';
