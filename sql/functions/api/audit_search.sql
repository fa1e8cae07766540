-- The audit trail, newest first, with the actor's email; invoker, so only
-- auditors and admins see rows (the audit_logs policy).
create or replace function api.audit_search(p_entity_type text default null, p_action text default null,
                                            p_limit integer default 50, p_offset integer default 0)
returns table (id bigint, created_at timestamptz, actor_id uuid, actor_email text, entity_type text,
               entity_id text, action text, row_count integer, before_data jsonb, after_data jsonb,
               ip_address inet, user_agent text, request_id text)
language sql stable
set search_path = ''
as $$
  select a.id, a.created_at, a.actor_id, u.email::text, a.entity_type, a.entity_id, a.action, a.row_count,
         a.before_data, a.after_data, a.ip_address, a.user_agent, a.request_id
    from public.audit_logs a
    left join public.users u on u.id = a.actor_id
   where (p_entity_type is null or a.entity_type = p_entity_type)
     and (p_action is null or a.action = p_action)
   order by a.id desc
   limit least(greatest(p_limit, 1), 1000) offset greatest(p_offset, 0)
$$;
revoke all on function api.audit_search(text, text, integer, integer) from public;
grant execute on function api.audit_search(text, text, integer, integer) to mlm_app;
comment on function api.audit_search(text, text, integer, integer) is
  'The audit trail, newest first, with each actor''s email. Callable by the app role; RLS shows '
  'rows to auditors and admins only (others get none).';
