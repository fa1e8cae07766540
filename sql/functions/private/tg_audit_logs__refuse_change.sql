-- The audit trail is append-only, for everyone: mlm_app (which may only read
-- it anyway), mlm_definer, the table owner and a superuser session alike.
-- Triggers fire for superusers too, and these are ENABLE ALWAYS, so they
-- also fire under session_replication_role = replica. Only DDL (dropping or
-- disabling the trigger, by the owner or a superuser) gets past them, and
-- that is visible in the server log and in the next upgrade, which puts
-- them back.
--
-- A row trigger refuses UPDATE and DELETE of any row; TRUNCATE fires no row
-- triggers, so a statement trigger refuses it.
create or replace function private.tg_audit_logs__refuse_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'MLDNY', message = 'The audit trail is append-only.';
end
$$;
revoke all on function private.tg_audit_logs__refuse_change() from public;

create or replace trigger _010_refuse_update_delete
  before update or delete on public.audit_logs
  for each row
  execute function private.tg_audit_logs__refuse_change();

create or replace trigger _010_refuse_truncate
  before truncate on public.audit_logs
  for each statement
  execute function private.tg_audit_logs__refuse_change();

-- `create or replace trigger` resets a trigger to ENABLE (origin only);
-- this runs right after it on every upgrade.
alter table public.audit_logs
  enable always trigger _010_refuse_update_delete,
  enable always trigger _010_refuse_truncate;
comment on function private.tg_audit_logs__refuse_change() is
  'Keeps the audit trail append-only for everyone, superusers included: refuses every update, '
  'delete and truncate of audit_logs (MLDNY).';
