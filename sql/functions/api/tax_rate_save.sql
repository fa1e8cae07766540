-- Admin: create (p_id null) or edit a tax rate. The rate is given in percent
-- with at most four decimals (8.25 = 8.25 %). A region row (state,
-- province) wins over the country's row; the region is matched ignoring case.
-- Orders keep the rate they were placed with.
create or replace function api.tax_rate_save(p_id uuid, p_country text, p_region text, p_rate_percent numeric,
                                             p_name text, p_is_active boolean default true)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_country text := upper(btrim(coalesce(p_country, '')));
  v_region text := nullif(btrim(p_region), '');
  v_id uuid;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can change tax rates.';
  end if;
  if v_country !~ '^[A-Z]{2}$' then
    raise exception using errcode = 'MLVAL', message = 'Enter the two-letter country code (US, CA, GB, ...).',
      column = 'country';
  end if;
  if length(v_region) > 50 then
    raise exception using errcode = 'MLVAL', message = 'At most 50 characters.', column = 'region';
  end if;
  if p_rate_percent is null or p_rate_percent < 0 or p_rate_percent >= 100 then
    raise exception using errcode = 'MLVAL', message = 'Enter a rate from 0 to 99.9999 percent.', column = 'rate_percent';
  end if;
  if p_rate_percent <> round(p_rate_percent, 4) then
    raise exception using errcode = 'MLVAL', message = 'At most four decimals.', column = 'rate_percent';
  end if;
  if nullif(btrim(p_name), '') is null or length(btrim(p_name)) > 100 then
    raise exception using errcode = 'MLVAL', message = 'Enter a name of at most 100 characters.', column = 'name';
  end if;
  if exists (select from public.tax_rates t
              where t.country = v_country and upper(coalesce(t.region, '')) = upper(coalesce(v_region, ''))
                and t.id is distinct from p_id) then
    raise exception using errcode = 'MLVAL', column = 'region',
      message = 'This country and region already have a rate: edit that one.';
  end if;
  if p_id is null then
    insert into public.tax_rates (country, region, rate, name, is_active)
    values (v_country, v_region, p_rate_percent / 100, btrim(p_name), coalesce(p_is_active, true))
    returning id into v_id;
  else
    update public.tax_rates t
       set country = v_country, region = v_region, rate = p_rate_percent / 100, name = btrim(p_name),
           is_active = coalesce(p_is_active, true)
     where t.id = p_id
    returning t.id into v_id;
    if v_id is null then
      raise exception using errcode = 'MLVAL', message = 'This rate no longer exists.', column = 'name';
    end if;
  end if;
  return v_id;
end
$$;
revoke all on function api.tax_rate_save(uuid, text, text, numeric, text, boolean) from public;
grant execute on function api.tax_rate_save(uuid, text, text, numeric, text, boolean) to mlm_app;
comment on function api.tax_rate_save(uuid, text, text, numeric, text, boolean) is
  'Creates (p_id null) or edits a tax rate in percent (a region''s row wins over its country''s). '
  'Admins only: refuses MLDNY and MLVAL (country, region, rate, name, a duplicate, a rate that no '
  'longer exists).';
