-- A first column mapping from the header's names ("E-mail", "Mobile",
-- "Surname", "Nom"...): field -> 1-based column number. The person checks
-- and corrects it before starting.
create or replace function api.contact_import_mapping_guess(p_header text[])
returns jsonb
language sql immutable
set search_path = ''
as $$
  select case when m ? 'first_name' or m ? 'last_name' then m - 'full_name' else m end
    from (select coalesce(jsonb_object_agg(field, col), '{}') as m
    from (
      select distinct on (g.field) g.field, h.i as col
        from unnest(p_header) with ordinality as h (name, i)
        cross join lateral (select pg_catalog.regexp_replace(lower(btrim(h.name)), '[^a-z0-9]+', '', 'g') as k) n
        join (values
          ('first_name', array['firstname', 'first', 'givenname', 'forename', 'prenom', 'vorname', 'nombre']),
          ('last_name', array['lastname', 'last', 'surname', 'familyname', 'nom', 'nachname', 'apellido', 'apellidos']),
          ('full_name', array['name', 'fullname', 'contact', 'contactname', 'displayname']),
          ('email', array['email', 'emailaddress', 'mail', 'courriel', 'correo', 'email1', 'primaryemail']),
          ('phone', array['phone', 'phonenumber', 'mobile', 'mobilephone', 'cell', 'cellphone', 'telephone', 'tel', 'telefon', 'telefono', 'phone1']),
          ('company', array['company', 'organization', 'organisation', 'business', 'employer', 'firma', 'empresa']),
          ('title', array['title', 'jobtitle', 'position', 'role']),
          ('source', array['source', 'leadsource']),
          ('tags', array['tags', 'tag', 'labels', 'groups', 'categories']),
          ('notes', array['notes', 'note', 'comments', 'comment', 'description', 'remarks'])
        ) as g (field, names) on n.k = any (g.names)
       order by g.field, h.i
    ) s) guessed
$$;
revoke all on function api.contact_import_mapping_guess(text[]) from public;
grant execute on function api.contact_import_mapping_guess(text[]) to mlm_app;
comment on function api.contact_import_mapping_guess(text[]) is
  'A first column mapping guessed from a CSV header''s names (field to 1-based column), for the '
  'person to check. Any signed-in user; pure, reads nothing.';
