-- Refuses (MLVAL, column 'mapping') a column mapping that cannot work for
-- this header: an unknown field, a column number out of range, one column
-- for two fields, a name both whole and split, or nothing that identifies a
-- person. Returns the mapping without empty entries.
create or replace function api.contact_import_validate_mapping(p_mapping jsonb, p_width integer)
returns jsonb
language plpgsql immutable
set search_path = ''
as $$
declare
  v_mapping jsonb;
begin
  if jsonb_typeof(p_mapping) is distinct from 'object' then
    raise exception using errcode = 'MLVAL', message = 'Map at least one column.', column = 'mapping';
  end if;
  select coalesce(jsonb_object_agg(m.key, m.value), '{}') into v_mapping
    from jsonb_each(p_mapping) m
   where m.value not in ('null'::jsonb, '""'::jsonb, '0'::jsonb);
  if exists (select from jsonb_object_keys(v_mapping) k
              where k not in ('first_name', 'last_name', 'full_name', 'email', 'phone', 'company', 'title',
                              'source', 'tags', 'notes')) then
    raise exception using errcode = 'MLVAL', message = 'Map columns to the listed fields only.', column = 'mapping';
  end if;
  if exists (select from jsonb_each(v_mapping) m
              where jsonb_typeof(m.value) <> 'number' or (m.value #>> '{}') !~ '^[0-9]+$'
                 or (m.value #>> '{}')::integer not between 1 and p_width) then
    raise exception using errcode = 'MLVAL', message = 'Choose columns of this file.', column = 'mapping';
  end if;
  if exists (select from jsonb_each(v_mapping) m group by m.value having count(*) > 1) then
    raise exception using errcode = 'MLVAL', message = 'Use each column for one field only.', column = 'mapping';
  end if;
  if v_mapping ? 'full_name' and (v_mapping ? 'first_name' or v_mapping ? 'last_name') then
    raise exception using errcode = 'MLVAL', column = 'mapping',
      message = 'Map either a whole name or first and last names, not both.';
  end if;
  if not v_mapping ?| array['first_name', 'last_name', 'full_name', 'email', 'phone', 'company'] then
    raise exception using errcode = 'MLVAL', column = 'mapping',
      message = 'Map at least a name, an email, a phone or a company column.';
  end if;
  return v_mapping;
end
$$;
revoke all on function api.contact_import_validate_mapping(jsonb, integer) from public;
grant execute on function api.contact_import_validate_mapping(jsonb, integer) to mlm_app;
comment on function api.contact_import_validate_mapping(jsonb, integer) is
  'Checks a column mapping against an import''s header and returns it without empty entries. Any '
  'signed-in user; refuses MLVAL (column ''mapping'': unknown field, column out of range, a column '
  'used twice, whole and split name, nothing that identifies a person).';
