-- An order inserted without a number gets the next one (SO-<year>-<n>).
create or replace function public.tg_orders__number()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.order_number := private.order_number_next();
  return new;
end
$$;
alter function public.tg_orders__number() owner to mlm_definer;
revoke all on function public.tg_orders__number() from public;

create or replace trigger _010_number
  before insert on public.orders
  for each row when (new.order_number is null)
  execute function public.tg_orders__number();
