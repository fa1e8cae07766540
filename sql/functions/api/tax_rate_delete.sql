-- Admin: delete a tax rate (orders keep the rate they were placed with).
create or replace function api.tax_rate_delete(p_id uuid)
returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can change tax rates.';
  end if;
  delete from public.tax_rates t where t.id = p_id;
end
$$;
revoke all on function api.tax_rate_delete(uuid) from public;
grant execute on function api.tax_rate_delete(uuid) to mlm_app;
comment on function api.tax_rate_delete(uuid) is
  'Deletes a tax rate (orders keep the rate they were placed with). Admins only: refuses MLDNY.';
