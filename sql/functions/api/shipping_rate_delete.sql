-- Admin: remove one price of a shipping method.
create or replace function api.shipping_rate_delete(p_id uuid)
returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can change shipping methods.';
  end if;
  delete from public.shipping_rates r where r.id = p_id;
end
$$;
revoke all on function api.shipping_rate_delete(uuid) from public;
grant execute on function api.shipping_rate_delete(uuid) to mlm_app;
comment on function api.shipping_rate_delete(uuid) is
  'Removes one price of a shipping method. Admins only: refuses MLDNY.';
