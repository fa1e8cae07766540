-- The plan-wide settings with their descriptions and who changed them
-- last. Readable by everyone signed in (plan_settings policies).
create or replace function api.plan_settings_list()
returns table (key text, value jsonb, description text, updated_at timestamptz, updated_by_name text)
language sql
stable
set search_path = ''
as $$
  select s.key, s.value, s.description, s.updated_at,
         nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), '')::text
    from public.plan_settings s
    left join public.users u on u.id = s.updated_by
   order by array_position(array['retail_rate', 'unilevel_rates', 'fast_start_rate', 'fast_start_days',
                                 'auto_close_day'], s.key) nulls last, s.key
$$;
revoke all on function api.plan_settings_list() from public;
grant execute on function api.plan_settings_list() to mlm_app;
comment on function api.plan_settings_list() is
  'The plan-wide settings with descriptions and who changed them last. Any signed-in user.';
