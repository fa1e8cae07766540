-- The one clock (0001 defines it; this file owns it from then on): the
-- transaction's pinned `app.now`, else now(). PL/pgSQL rather than SQL: a
-- SQL function with a SET clause cannot be inlined and is planned again on
-- every call, and this one is called for every row written (column
-- defaults, triggers) -- about 75 µs a call, 15 s of a 100,000-row import.
-- Same result, same volatility.
create or replace function public.app_now() returns timestamptz
language plpgsql stable parallel safe
set search_path = ''
as $$
begin
  return coalesce(nullif(pg_catalog.current_setting('app.now', true), '')::timestamptz, pg_catalog.now());
end
$$;
grant execute on function public.app_now() to mlm_app, mlm_definer;
comment on function public.app_now() is
  'The one clock: the transaction''s pinned app.now, else now(). Anyone; tests pin it with '
  'set_config(''app.now'', ..., true).';
