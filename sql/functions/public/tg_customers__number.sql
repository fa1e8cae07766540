-- A customer inserted without a number gets the next one (C and seven
-- digits), so the app and the CRM's contact conversion never invent numbers;
-- a DBA may still give one. Definer: private.customer_number_next reads
-- every distributor's customers.
create or replace function public.tg_customers__number()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.customer_number := private.customer_number_next();
  return new;
end
$$;
alter function public.tg_customers__number() owner to mlm_definer;
revoke all on function public.tg_customers__number() from public;

create or replace trigger _010_number
  before insert on public.customers
  for each row when (new.customer_number is null)
  execute function public.tg_customers__number();
