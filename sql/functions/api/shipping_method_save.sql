-- Admin: create (p_id null) or edit a shipping method. Orders keep the
-- method's code and the price they were placed with.
create or replace function api.shipping_method_save(p_id uuid, p_code text, p_name text,
                                                    p_description text default null, p_is_active boolean default true,
                                                    p_sort_order integer default 0)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_code text := lower(btrim(coalesce(p_code, '')));
  v_id uuid;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can change shipping methods.';
  end if;
  if v_code !~ '^[a-z0-9]+([_-][a-z0-9]+)*$' or length(v_code) > 50 then
    raise exception using errcode = 'MLVAL', column = 'code',
      message = 'A code has lower-case letters and digits, with single dashes or underscores (e.g. next-day).';
  end if;
  if exists (select from public.shipping_methods m where m.code = v_code and m.id is distinct from p_id) then
    raise exception using errcode = 'MLVAL', message = 'Another method has this code.', column = 'code';
  end if;
  if nullif(btrim(p_name), '') is null or length(btrim(p_name)) > 100 then
    raise exception using errcode = 'MLVAL', message = 'Enter a name of at most 100 characters.', column = 'name';
  end if;
  if length(p_description) > 500 then
    raise exception using errcode = 'MLVAL', message = 'At most 500 characters.', column = 'description';
  end if;
  if p_sort_order is null or p_sort_order not between -100000 and 100000 then
    raise exception using errcode = 'MLVAL', message = 'A whole number from -100,000 to 100,000.',
      column = 'sort_order';
  end if;
  if p_id is null then
    insert into public.shipping_methods (code, name, description, is_active, sort_order)
    values (v_code, btrim(p_name), nullif(btrim(p_description), ''), coalesce(p_is_active, true), p_sort_order)
    returning id into v_id;
  else
    update public.shipping_methods m
       set code = v_code, name = btrim(p_name), description = nullif(btrim(p_description), ''),
           is_active = coalesce(p_is_active, true), sort_order = p_sort_order
     where m.id = p_id
    returning m.id into v_id;
    if v_id is null then
      raise exception using errcode = 'MLVAL', message = 'This method no longer exists.', column = 'name';
    end if;
  end if;
  return v_id;
end
$$;
revoke all on function api.shipping_method_save(uuid, text, text, text, boolean, integer) from public;
grant execute on function api.shipping_method_save(uuid, text, text, text, boolean, integer) to mlm_app;
comment on function api.shipping_method_save(uuid, text, text, text, boolean, integer) is
  'Creates (p_id null) or edits a shipping method. Admins only: refuses MLDNY and MLVAL (code, '
  'name, description, sort order, a method that no longer exists).';
