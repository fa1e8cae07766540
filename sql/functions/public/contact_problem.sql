-- The first thing wrong with a contact's values, as (column, message), or no
-- row when they are fine. One place for the rules the form (api.contact_save)
-- and the CSV import (public.contact_import_check) both apply, so an
-- imported line is accepted exactly when the same values typed into the
-- form would be. PL/pgSQL: it runs once per imported line, and a SQL
-- function with a SET clause would be planned again on every call.
create or replace function public.contact_problem(
  p_first_name text, p_last_name text, p_email text, p_phone text,
  p_company text, p_title text, p_tags text[] default '{}')
returns table (column_name text, message text)
language plpgsql immutable
set search_path = ''
as $$
begin
  if coalesce(p_first_name, p_last_name, p_email, p_phone, p_company) is null then
    column_name := 'first_name'; message := 'Give at least a name, an email, a phone number or a company.';
  elsif length(p_first_name) > 100 then
    column_name := 'first_name'; message := 'The first name is longer than 100 characters.';
  elsif length(p_last_name) > 100 then
    column_name := 'last_name'; message := 'The last name is longer than 100 characters.';
  elsif p_email is not null and (length(p_email) > 255 or p_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$') then
    column_name := 'email'; message := 'Enter a valid email address (name@example.com).';
  elsif p_phone is not null and (length(p_phone) > 20 or p_phone !~ '^\+?[0-9 ().\-/]+$'
                                 or length(pg_catalog.regexp_replace(p_phone, '\D', '', 'g')) not between 6 and 15) then
    column_name := 'phone'; message := 'A phone number has 6 to 15 digits and only digits, spaces and + ( ) . - /.';
  elsif length(p_company) > 200 then
    column_name := 'company'; message := 'The company is longer than 200 characters.';
  elsif length(p_title) > 100 then
    column_name := 'title'; message := 'The title is longer than 100 characters.';
  elsif cardinality(p_tags) > 20 then
    column_name := 'tags'; message := 'Use at most 20 tags.';
  elsif exists (select from unnest(p_tags) t where length(t) > 40) then
    column_name := 'tags'; message := 'A tag is at most 40 characters.';
  else
    return;
  end if;
  return next;
end
$$;
revoke all on function public.contact_problem(text, text, text, text, text, text, text[]) from public;
grant execute on function public.contact_problem(text, text, text, text, text, text, text[]) to mlm_app, mlm_definer;
comment on function public.contact_problem(text, text, text, text, text, text, text[]) is
  'The first thing wrong with a contact''s values as (column, message), or no row when fine: the '
  'one set of rules the contact form and the CSV import apply. Callable by the app role.';
