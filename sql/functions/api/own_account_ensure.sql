-- The signed-in distributor's own customer row (personal orders are placed
-- for it), created on first use from the distributor's name, email, phone
-- and profile address. Invoker: a distributor may read its own users and
-- profile rows and create its own customers.
create or replace function api.own_account_ensure()
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_id uuid;
  v_user record;
  v_address jsonb;
begin
  if not auth.has_role('distributor') then
    raise exception using errcode = 'MLDNY', message = 'Only distributors have an own account.';
  end if;
  select c.id into v_id from public.customers c
   where c.distributor_id = auth.user_id() and c.is_own_account;
  if found then
    return v_id;
  end if;
  select u.email, u.phone, u.first_name, u.last_name, p.address into v_user
    from public.users u left join public.user_profiles p on p.user_id = u.id
   where u.id = auth.user_id();
  begin
    v_address := api.address_clean(v_user.address - 'label' - 'is_default');
  exception when sqlstate 'MLVAL' then
    v_address := null;  -- no usable profile address: the distributor adds one
  end;
  insert into public.customers (distributor_id, is_own_account, email, phone, first_name, last_name,
                                billing_address, shipping_addresses, notes)
  values (auth.user_id(), true, v_user.email, left(v_user.phone, 20), v_user.first_name, v_user.last_name,
          v_address,
          case when v_address is null then '[]'::jsonb
               else jsonb_build_array(v_address || '{"label": "Home", "is_default": true}') end,
          'The distributor''s own account, for personal orders.')
  on conflict (distributor_id) where is_own_account do nothing
  returning id into v_id;
  if v_id is null then  -- created by a concurrent request
    select c.id into v_id from public.customers c
     where c.distributor_id = auth.user_id() and c.is_own_account;
  end if;
  return v_id;
end
$$;
revoke all on function api.own_account_ensure() from public;
grant execute on function api.own_account_ensure() to mlm_app;
comment on function api.own_account_ensure() is
  'The signed-in distributor''s own customer row (for personal orders), created on first use from '
  'its profile. Distributors only: refuses MLDNY.';
