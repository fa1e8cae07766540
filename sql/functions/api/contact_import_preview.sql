-- The first lines of an import as they would be read with this mapping:
-- the values each field gets and, for a line that would be rejected, why.
-- (Duplicates are found when the import runs.)
create or replace function api.contact_import_preview(p_id uuid, p_mapping jsonb, p_limit integer default 5,
                                                      p_add_tags text[] default '{}')
returns table (line_no integer, first_name text, last_name text, email text, phone text, company text,
               title text, source public.contact_source, tags text[], notes text, reason text)
language plpgsql stable
set search_path = ''
as $$
declare
  v_import  public.contact_imports;
  v_mapping jsonb;
begin
  select * into v_import from public.contact_imports i where i.id = p_id;
  if not found then
    raise exception using errcode = 'MLDNY', message = 'This import does not exist or is not yours.';
  end if;
  v_mapping := api.contact_import_validate_mapping(p_mapping, cardinality(v_import.header));
  return query
    select r.line_no, k.first_name, k.last_name, k.email, k.phone, k.company, k.title, k.source, k.tags,
           k.notes, k.reason
      from public.contact_import_rows r
      cross join lateral public.contact_import_check(r.cells, cardinality(v_import.header), v_mapping,
                                                     v_import.default_source, public.tags_normalize(p_add_tags)) k
     where r.import_id = p_id
     order by r.line_no
     limit least(greatest(coalesce(p_limit, 5), 1), 50);
end
$$;
revoke all on function api.contact_import_preview(uuid, jsonb, integer, text[]) from public;
grant execute on function api.contact_import_preview(uuid, jsonb, integer, text[]) to mlm_app;
comment on function api.contact_import_preview(uuid, jsonb, integer, text[]) is
  'The first lines of an import as this mapping would read them, with why a line would be rejected.'
  ' The import''s owner (RLS): refuses MLDNY (an import that is not the caller''s) and MLVAL (the '
  'mapping, as api.contact_import_validate_mapping).';
