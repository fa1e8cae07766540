-- Inline edit of one field of a contact (the list and the contact page):
-- the other fields stay as they are, and the same checks as the full form
-- apply (api.contact_save). p_value is text as typed; '' empties the field.
create or replace function api.contact_set_field(p_id uuid, p_field text, p_value text)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  c public.contacts;
  v_value text := nullif(btrim(p_value), '');
begin
  select * into c from public.contacts where id = p_id;
  if not found then
    raise exception using errcode = 'MLDNY', message = 'This contact does not exist or is not yours.';
  end if;
  if p_field not in ('first_name', 'last_name', 'email', 'phone', 'company', 'title', 'source', 'status',
                     'next_follow_up', 'notes', 'tags') then
    raise exception using errcode = 'MLVAL', message = 'This field cannot be edited here.', column = 'field';
  end if;
  begin
    case p_field
      when 'first_name' then c.first_name := v_value;
      when 'last_name' then c.last_name := v_value;
      when 'email' then c.email := v_value;
      when 'phone' then c.phone := v_value;
      when 'company' then c.company := v_value;
      when 'title' then c.title := v_value;
      when 'source' then c.source := v_value::public.contact_source;
      when 'status' then c.status := coalesce(v_value, 'new')::public.contact_status;
      when 'next_follow_up' then c.next_follow_up := v_value::timestamptz;
      when 'notes' then c.notes := v_value;
      when 'tags' then c.tags := pg_catalog.regexp_split_to_array(coalesce(v_value, ''), '\s*,\s*');
    end case;
  exception
    when invalid_text_representation or invalid_datetime_format or datetime_field_overflow then
      raise exception using errcode = 'MLVAL', column = p_field,
        message = case when p_field = 'next_follow_up' then 'Enter a date and time.' else 'Choose one of the listed values.' end;
    when string_data_right_truncation then
      raise exception using errcode = 'MLVAL', column = p_field, message = 'That is too long.';
  end;
  return api.contact_save(p_id => c.id, p_owner_id => c.owner_id, p_first_name => c.first_name,
                          p_last_name => c.last_name, p_email => c.email, p_phone => c.phone,
                          p_company => c.company, p_title => c.title, p_source => c.source,
                          p_status => c.status, p_tags => c.tags, p_notes => c.notes,
                          p_next_follow_up => c.next_follow_up);
end
$$;
revoke all on function api.contact_set_field(uuid, text, text) from public;
grant execute on function api.contact_set_field(uuid, text, text) to mlm_app;
comment on function api.contact_set_field(uuid, text, text) is
  'Inline edit of one field of a contact, with the same checks as the full form. Any signed-in user'
  ' for the contacts RLS lets it write; refuses MLDNY (not the caller''s) and MLVAL (a field not '
  'editable here, a bad or too long value).';
