-- Stage an uploaded CSV: the header and every line's cells (the app has
-- decoded and parsed the file and refused what is not a CSV at all). No
-- contact is written yet: the next step is the column mapping
-- (api.contact_import_start). p_lines[i] is the file line where row i
-- starts; p_cells is a JSON array of arrays of strings, one per row.
-- p_owner_id: whose contacts the rows become (default the caller; RLS: a
-- distributor imports only into its own). Returns the import's id.
create or replace function api.contact_import_create(
  p_file_name text, p_encoding text, p_delimiter text, p_header text[],
  p_lines integer[], p_cells jsonb, p_owner_id uuid default null)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_id    uuid;
  v_owner uuid := coalesce(p_owner_id, auth.user_id());
  v_bad   text;
begin
  if not auth.has_role('distributor', 'manager', 'admin') then
    raise exception using errcode = 'MLDNY', message = 'Your role does not import contacts.';
  end if;
  if auth.has_role('distributor') and v_owner is distinct from auth.user_id() then
    raise exception using errcode = 'MLDNY', message = 'You import into your own contacts only.';
  end if;
  if coalesce(cardinality(p_header), 0) = 0 then
    raise exception using errcode = 'MLVAL', column = 'file',
      message = 'The first line must name the columns (for example: First name, Last name, Email, Phone).';
  end if;
  if cardinality(p_header) > 100 then
    raise exception using errcode = 'MLVAL', column = 'file', message = 'A contacts file has at most 100 columns.';
  end if;
  select h into v_bad from unnest(p_header) h where nullif(btrim(h), '') is null or length(h) > 100 limit 1;
  if found then
    raise exception using errcode = 'MLVAL', column = 'file',
      message = 'Every column needs a name of at most 100 characters in the first line.';
  end if;
  select lower(btrim(h)) into v_bad from unnest(p_header) h group by lower(btrim(h)) having count(*) > 1 limit 1;
  if found then
    raise exception using errcode = 'MLVAL', column = 'file',
      message = pg_catalog.format('Two columns are named "%s": give each column its own name.', v_bad);
  end if;
  if coalesce(cardinality(p_lines), 0) = 0 then
    raise exception using errcode = 'MLVAL', column = 'file', message = 'The file has a header but no contacts.';
  end if;
  if cardinality(p_lines) > 200000 then
    raise exception using errcode = 'MLVAL', column = 'file',
      message = 'Import at most 200,000 contacts at a time: split the file.';
  end if;
  if jsonb_typeof(p_cells) is distinct from 'array' or jsonb_array_length(p_cells) <> cardinality(p_lines) then
    raise exception using errcode = 'MLVAL', column = 'file', message = 'The rows do not match their line numbers.';
  end if;
  if not exists (select from public.users u where u.id = v_owner and u.status = 'active'
                                               and u.role in ('distributor', 'manager', 'admin')) then
    raise exception using errcode = 'MLVAL', column = 'owner', message = 'Choose an active distributor or manager.';
  end if;

  insert into public.contact_imports (owner_id, created_by, file_name, encoding, delimiter, header, row_count)
  values (v_owner, auth.user_id(), left(coalesce(nullif(btrim(p_file_name), ''), 'contacts.csv'), 255),
          left(p_encoding, 20), left(p_delimiter, 1), p_header, cardinality(p_lines))
  returning id into v_id;

  insert into public.contact_import_rows (import_id, line_no, cells)
  select v_id, l.line_no, array(select jsonb_array_elements_text(r.cells))
    from unnest(p_lines) with ordinality as l (line_no, i)
    join jsonb_array_elements(p_cells) with ordinality as r (cells, i) on r.i = l.i;
  return v_id;
end
$$;
revoke all on function api.contact_import_create(text, text, text, text[], integer[], jsonb, uuid) from public;
grant execute on function api.contact_import_create(text, text, text, text[], integer[], jsonb, uuid) to mlm_app;
comment on function api.contact_import_create(text, text, text, text[], integer[], jsonb, uuid) is
  'Stages an uploaded contacts CSV (header and cells) for mapping; no contact is written yet; '
  'returns the import''s id. Distributors (into their own contacts), managers and admins: refuses '
  'MLDNY (other roles, another owner for a distributor) and MLVAL (header, column count or names, '
  'no or too many rows, a bad owner).';
