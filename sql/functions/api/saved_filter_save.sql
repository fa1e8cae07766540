-- Save the list's current filters under a name (the same name again
-- replaces them). Only the list's own parameters are kept.
create or replace function api.saved_filter_save(p_name text, p_params jsonb)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_name text := nullif(btrim(p_name), '');
  v_id   uuid;
begin
  if v_name is null then
    raise exception using errcode = 'MLVAL', message = 'Name the filter.', column = 'name';
  end if;
  if length(v_name) > 60 then
    raise exception using errcode = 'MLVAL', message = 'A filter''s name is at most 60 characters.', column = 'name';
  end if;
  if (select count(*) from public.contact_saved_filters f where f.user_id = auth.user_id()) >= 50
     and not exists (select from public.contact_saved_filters f where f.user_id = auth.user_id() and f.name = v_name) then
    raise exception using errcode = 'MLVAL', message = 'Keep at most 50 saved filters: delete one first.', column = 'name';
  end if;
  insert into public.contact_saved_filters (user_id, name, params)
  select auth.user_id(), v_name,
         coalesce(jsonb_object_agg(e.key, e.value), '{}')
    from jsonb_each(coalesce(p_params, '{}')) e
   where e.key in ('q', 'status', 'stage', 'source', 'tag', 'owner', 'follow_up', 'sort')
     and jsonb_typeof(e.value) = 'string' and length(e.value #>> '{}') between 1 and 100
  on conflict (user_id, name) do update set params = excluded.params
  returning id into v_id;
  return v_id;
end
$$;
revoke all on function api.saved_filter_save(text, jsonb) from public;
grant execute on function api.saved_filter_save(text, jsonb) to mlm_app;
comment on function api.saved_filter_save(text, jsonb) is
  'Saves a contact list''s filters under a name (the same name replaces them). Any signed-in user, '
  'for itself; refuses MLVAL (name missing or too long, more than 50 filters).';
