-- One staged CSV line as a contact: the mapped cells, trimmed, checked with
-- the same rules as the contact form (public.contact_problem), plus the
-- import's own: no spreadsheet formulas, a known source, no values beyond
-- the header's columns. reason is null for a good line, else why it is
-- rejected (for a person, naming the field).
--
-- p_mapping: {"first_name": 1, "email": 3, ...}, 1-based column numbers;
-- "full_name" splits at the last space ("Doe, Jane" at the comma). Tags
-- split at , ; or |, plus the import's own p_add_tags.
create or replace function public.contact_import_check(
  p_cells text[], p_width integer, p_mapping jsonb,
  p_default_source public.contact_source default 'import', p_add_tags text[] default '{}')
returns table (first_name text, last_name text, email text, phone text, company text, title text,
               source public.contact_source, tags text[], notes text, email_key text, phone_key text,
               reason text)
language plpgsql immutable
set search_path = ''
as $$
declare
  v_field   text;
  v_value   text;
  v_full    text;
  v_source  text;
  v_problem record;
  v_label   constant jsonb := '{"first_name": "First name", "last_name": "Last name", "full_name": "Name",
    "email": "Email", "phone": "Phone", "company": "Company", "title": "Title", "source": "Source",
    "tags": "Tags", "notes": "Notes"}';
begin
  if cardinality(p_cells) > p_width
     and exists (select from unnest(p_cells[p_width + 1:]) x where btrim(x) <> '') then
    reason := pg_catalog.format(
      'This line has %s values but the header names %s columns (check the separator and the quotes).',
      cardinality(p_cells), p_width);
    return next;
    return;
  end if;

  for v_field, v_value in
    select m.key, nullif(btrim(p_cells[(m.value #>> '{}')::integer]), '')
      from jsonb_each(p_mapping) m
  loop
    if v_value is null then
      continue;
    end if;
    if v_value ~ '^=' or (v_field <> 'phone' and v_value ~ '^[+\-@]\S*[(!|]') then
      reason := pg_catalog.format('%s starts with "%s" like a spreadsheet formula: imports take plain values only.',
                                  v_label ->> v_field, left(v_value, 1));
      return next;
      return;
    end if;
    case v_field
      when 'first_name' then first_name := v_value;
      when 'last_name' then last_name := v_value;
      when 'full_name' then v_full := v_value;
      when 'email' then email := v_value;
      when 'phone' then phone := v_value;
      when 'company' then company := v_value;
      when 'title' then title := v_value;
      when 'source' then v_source := v_value;
      when 'tags' then tags := pg_catalog.regexp_split_to_array(v_value, '\s*[,;|]\s*');
      when 'notes' then notes := v_value;
      else null;
    end case;
  end loop;

  if v_full is not null then
    if v_full ~ ',' then
      last_name := nullif(btrim(split_part(v_full, ',', 1)), '');
      first_name := nullif(btrim(substr(v_full, strpos(v_full, ',') + 1)), '');
    elsif v_full ~ '\s' then
      first_name := btrim(pg_catalog.regexp_replace(v_full, '\s+\S+$', ''));
      last_name := (pg_catalog.regexp_match(v_full, '(\S+)$'))[1];
    else
      first_name := v_full;
    end if;
  end if;

  if v_source is null then
    source := p_default_source;
  else
    v_source := pg_catalog.regexp_replace(lower(v_source), '[\s-]+', '_', 'g');
    if not v_source = any (enum_range(null::public.contact_source)::text[]) then
      reason := pg_catalog.format('Source "%s" is not one of: %s.', left(v_source, 50),
                                  array_to_string(enum_range(null::public.contact_source)::text[], ', '));
      return next;
      return;
    end if;
    source := v_source::public.contact_source;
  end if;

  tags := public.tags_normalize(coalesce(tags, '{}') || coalesce(p_add_tags, '{}'));
  select * into v_problem from public.contact_problem(first_name, last_name, email, phone, company, title, tags);
  if found then
    reason := v_problem.message;
    first_name := null; last_name := null; email := null; phone := null; company := null; title := null;
    source := null; tags := null; notes := null;
    return next;
    return;
  end if;
  if length(notes) > 20000 then
    reason := 'Notes are at most 20,000 characters.';
    notes := null;
    return next;
    return;
  end if;
  email_key := lower(email);
  phone_key := nullif(pg_catalog.regexp_replace(phone, '\D', '', 'g'), '');
  return next;
end
$$;
revoke all on function public.contact_import_check(text[], integer, jsonb, public.contact_source, text[]) from public;
grant execute on function public.contact_import_check(text[], integer, jsonb, public.contact_source, text[])
  to mlm_app, mlm_definer;
comment on function public.contact_import_check(text[], integer, jsonb, public.contact_source, text[]) is
  'One staged CSV line as a contact (mapped, trimmed, checked like the contact form plus the '
  'import''s own rules); reason is null for a good line. Used by the contacts import; callable by '
  'the app role.';
