-- Keeps updated_at on every table that has one (the _100_set_updated_at
-- triggers, created in 0002_schema.sql). public.app_now() is the one clock
-- tests can pin.
create or replace function public.tg__set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := public.app_now();
  return new;
end
$$;
