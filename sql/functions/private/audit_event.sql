-- Writes one row of the audit trail and returns its id: the one place that
-- knows audit_logs' columns. The generic trigger private.tg__audit() calls it
-- for table writes; definer functions call it for events that are not one
-- table write (sign-in attempts, moves, closes).
--
-- Who and where come from the settings the identity statement sets
-- (webapp.db.IDENTITY_SQL): app.user_id, app.request_id, app.ip,
-- app.user_agent; an unset or ended setting reads '' and is stored as null.
-- A malformed app.ip is stored as null rather than failing the write it
-- audits; app.user_id is cast strictly, as everywhere else (RLS reads it).
-- Never copy secrets into p_before / p_after: callers pass what the audit
-- needs, nothing more.
--
-- Definer (owned by mlm_definer, which may insert into audit_logs): mlm_app
-- cannot execute it (no usage on schema private) and cannot insert into
-- audit_logs; only other definer code writes the trail.
create or replace function private.audit_event(
  p_entity_type text,
  p_entity_id   text,
  p_action      text,
  p_before      jsonb default null,
  p_after       jsonb default null,
  p_row_count   integer default 1
)
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_ip_text text := nullif(pg_catalog.current_setting('app.ip', true), '');
  v_ip      inet;
  v_id      bigint;
begin
  if v_ip_text is not null then
    begin
      v_ip := v_ip_text::inet;
    exception when data_exception then
      v_ip := null;
    end;
  end if;

  insert into public.audit_logs
    (actor_id, entity_type, entity_id, action, row_count, before_data, after_data,
     ip_address, user_agent, request_id)
  values
    (nullif(pg_catalog.current_setting('app.user_id', true), '')::uuid,
     p_entity_type, p_entity_id, p_action, p_row_count, p_before, p_after,
     v_ip,
     left(nullif(pg_catalog.current_setting('app.user_agent', true), ''), 1000),
     left(nullif(pg_catalog.current_setting('app.request_id', true), ''), 100))
  returning id into v_id;
  return v_id;
end
$$;
alter function private.audit_event(text, text, text, jsonb, jsonb, integer) owner to mlm_definer;
revoke all on function private.audit_event(text, text, text, jsonb, jsonb, integer) from public;
comment on function private.audit_event(text, text, text, jsonb, jsonb, integer) is
  'Writes one audit_logs event (actor, request, IP from the identity statement''s settings) and '
  'returns its id: the one place that knows audit_logs'' columns. For the audit trigger and definer'
  ' functions.';
