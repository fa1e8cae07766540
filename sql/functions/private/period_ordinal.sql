-- A period 'YYYY-MM' as one integer (year x 12 + month): the second key of
-- its close lock, and part of the ledger ids a close makes.
create or replace function private.period_ordinal(p_period_id text)
returns integer
language sql
immutable
set search_path = ''
as $$
  select substr(p_period_id, 1, 4)::integer * 12 + substr(p_period_id, 6, 2)::integer
$$;
revoke all on function private.period_ordinal(text) from public;
grant execute on function private.period_ordinal(text) to mlm_definer;
comment on function private.period_ordinal(text) is
  'A period ''YYYY-MM'' as one integer (year x 12 + month): the second key of its close lock, and '
  'part of a close''s ledger ids.';
