-- Columns of a customer the app never writes directly (acting as mlm_app),
-- whatever the customers policies allow: the number, whether the row is the
-- distributor's own account (it decides personal vs retail orders, so
-- retail commission), and the figures the triggers keep (lifetime_value,
-- first/last order date, auto_ship_enabled). The triggers run as
-- mlm_definer and a DBA as a superuser: neither is restricted. An admin
-- is, too: these are derived, not edited.
create or replace function public.tg_customers__guard_derived() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_column text;
begin
  if current_user = 'mlm_app' then
    select n.key into v_column
      from pg_catalog.jsonb_each(pg_catalog.to_jsonb(new)) n
     where n.key in ('customer_number', 'is_own_account', 'lifetime_value', 'first_order_date',
                     'last_order_date', 'auto_ship_enabled')
       and n.value is distinct from pg_catalog.to_jsonb(old) -> n.key
     order by n.key
     limit 1;
    if v_column is not null then
      raise exception using errcode = 'MLDNY', column = v_column,
        message = pg_catalog.format('A customer''s %s is kept by the system and cannot be changed by hand.',
                                    replace(v_column, '_', ' '));
    end if;
  end if;
  return new;
end
$$;
revoke all on function public.tg_customers__guard_derived() from public;

create or replace trigger _050_guard_derived
  before update on public.customers
  for each row execute function public.tg_customers__guard_derived();
