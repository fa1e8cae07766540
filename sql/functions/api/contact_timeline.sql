-- A contact's timeline, newest first: calls, emails, meetings, notes, stage
-- changes, tasks done. p_before pages back in time. Who logged each entry:
-- "You", else the name the caller may read (RLS on users), else 'Staff'.
create or replace function api.contact_timeline(p_contact_id uuid, p_limit integer default 50,
                                                p_before timestamptz default null)
returns table (id uuid, type public.activity_type, subject varchar, body text, occurred_at timestamptz,
               metadata jsonb, author text, is_mine boolean)
language sql stable
set search_path = ''
as $$
  select a.id, a.type, a.subject, a.body, a.occurred_at, a.metadata,
         case when a.owner_id = auth.user_id() then 'You'
              else coalesce(nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), ''), 'Staff') end,
         a.owner_id = auth.user_id()
    from public.activities a
    left join public.users u on u.id = a.owner_id
   where a.contact_id = p_contact_id
     and (p_before is null or a.occurred_at < p_before)
   order by a.occurred_at desc, a.created_at desc, a.id
   limit least(greatest(coalesce(p_limit, 50), 1), 200)
$$;
revoke all on function api.contact_timeline(uuid, integer, timestamptz) from public;
grant execute on function api.contact_timeline(uuid, integer, timestamptz) to mlm_app;
comment on function api.contact_timeline(uuid, integer, timestamp with time zone) is
  'A contact''s timeline, newest first (touches, stage changes, tasks done), with who logged each '
  'entry. Any signed-in user who may see the contact (RLS).';
