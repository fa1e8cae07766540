-- Wall-clock seconds since p_from (three decimals), for the close's timings.
create or replace function private.seconds_since(p_from timestamptz)
returns numeric
language sql
volatile
set search_path = ''
as $$
  select round(extract(epoch from pg_catalog.clock_timestamp() - p_from), 3)
$$;
revoke all on function private.seconds_since(timestamptz) from public;
grant execute on function private.seconds_since(timestamptz) to mlm_definer;
comment on function private.seconds_since(timestamp with time zone) is
  'Wall-clock seconds since a moment, to three decimals, for the close''s timings.';
