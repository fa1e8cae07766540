-- The signed-in user's own editable profile fields.
create or replace function api.profile_own()
returns table (first_name text, last_name text, phone text)
language sql stable
set search_path = ''
as $$
  select u.first_name, u.last_name, u.phone from public.users u where u.id = auth.user_id()
$$;
revoke all on function api.profile_own() from public;
grant execute on function api.profile_own() to mlm_app;
comment on function api.profile_own() is
  'The signed-in user''s own editable profile fields. The signed-in user, about itself only.';
