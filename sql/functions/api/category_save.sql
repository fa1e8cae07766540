-- Admin: create (p_id null) or edit a product category. The slug is derived
-- from the name when not given (lower case ASCII letters, digits, dashes).
create or replace function api.category_save(p_id uuid, p_name text, p_slug text default null,
                                             p_sort_order integer default 0, p_is_active boolean default true)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_slug text;
  v_id uuid;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can change the catalogue.';
  end if;
  if nullif(btrim(p_name), '') is null or length(btrim(p_name)) > 100 then
    raise exception using errcode = 'MLVAL', message = 'Enter a name of at most 100 characters.', column = 'name';
  end if;
  v_slug := lower(btrim(coalesce(nullif(btrim(p_slug), ''), p_name)));
  v_slug := btrim(regexp_replace(v_slug, '[^a-z0-9]+', '-', 'g'), '-');
  if v_slug = '' or length(v_slug) > 100 or (nullif(btrim(p_slug), '') is not null and v_slug <> btrim(p_slug)) then
    raise exception using errcode = 'MLVAL', column = 'slug',
      message = 'A slug has lower-case letters, digits and single dashes (e.g. home-care).';
  end if;
  if exists (select from public.product_categories c where c.slug = v_slug and c.id is distinct from p_id) then
    raise exception using errcode = 'MLVAL', message = 'Another category has this slug.', column = 'slug';
  end if;
  if p_sort_order is null or p_sort_order not between -100000 and 100000 then
    raise exception using errcode = 'MLVAL', message = 'A whole number from -100,000 to 100,000.',
      column = 'sort_order';
  end if;
  if p_id is null then
    insert into public.product_categories (name, slug, sort_order, is_active)
    values (btrim(p_name), v_slug, p_sort_order, coalesce(p_is_active, true))
    returning id into v_id;
  else
    update public.product_categories c
       set name = btrim(p_name), slug = v_slug, sort_order = p_sort_order, is_active = coalesce(p_is_active, true)
     where c.id = p_id
    returning c.id into v_id;
    if v_id is null then
      raise exception using errcode = 'MLVAL', message = 'This category no longer exists.', column = 'name';
    end if;
  end if;
  return v_id;
end
$$;
revoke all on function api.category_save(uuid, text, text, integer, boolean) from public;
grant execute on function api.category_save(uuid, text, text, integer, boolean) to mlm_app;
comment on function api.category_save(uuid, text, text, integer, boolean) is
  'Creates (p_id null) or edits a product category; the slug comes from the name when not given. '
  'Admins only: refuses MLDNY (other roles) and MLVAL (name, slug, sort order, a category that no '
  'longer exists).';
