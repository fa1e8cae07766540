-- The lines of an import that did not become contacts, in file order:
-- rejected (reason: what is wrong) and skipped duplicates (reason: of what),
-- with the cells as uploaded, for the downloadable report.
create or replace function api.contact_import_report(p_id uuid)
returns table (line_no integer, outcome text, reason text, cells text[])
language sql stable
set search_path = ''
as $$
  select r.line_no, r.outcome, r.reason, r.cells
    from public.contact_import_rows r
   where r.import_id = p_id and r.outcome in ('skip', 'reject')
   order by r.line_no
$$;
revoke all on function api.contact_import_report(uuid) from public;
grant execute on function api.contact_import_report(uuid) to mlm_app;
comment on function api.contact_import_report(uuid) is
  'The lines of an import that did not become contacts (rejected, or skipped as duplicates), with '
  'the reason and the cells as uploaded. The import''s owner (RLS).';
