-- A foreign key checked for a whole statement at once: every key in p_keys
-- (distinct, not null: the caller's job) must exist in p_ref (column
-- p_ref_column), and those rows are
-- locked FOR KEY SHARE until commit, exactly as a declarative foreign key
-- locks them (so they cannot be deleted or re-keyed under the new rows).
-- Missing: SQLSTATE 23503 with the message PostgreSQL itself would give.
--
-- Why not declarative: a declarative key checks row by row (one SPI query
-- per row and key). commission_ledger and period_volumes take millions of
-- rows per close, where those checks cost more than the inserts themselves
-- (measured: 5 keys x 37,000 ledger rows = 1.4 s of a 2.5 s insert). Their
-- statement-level guard triggers call this instead, once per key column;
-- the referenced tables' delete/re-key side is enforced by
-- private.fk_refuse_referenced (tg_*__commission_refs triggers).
create or replace function private.fk_require(p_keys anyarray, p_ref regclass, p_ref_column text, p_table text,
                                             p_constraint text, p_column text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_need bigint;
  v_found bigint;
  v_missing text;
begin
  if p_keys is null or cardinality(p_keys) = 0 then
    return;
  end if;
  v_need := cardinality(p_keys);
  execute format('select count(*) from (select from %s r join unnest($1) as x (k) on r.%I = x.k'
                 ' for key share of r) t', p_ref, p_ref_column)
    using p_keys into v_found;
  if v_found < v_need then
    execute format('select k::text from unnest($1) as u (k)'
                   ' where not exists (select from %s r where r.%I = u.k) limit 1', p_ref, p_ref_column)
      using p_keys into v_missing;
    raise exception using errcode = '23503',
      message = format('insert or update on table "%s" violates foreign key constraint "%s"', p_table, p_constraint),
      detail = format('Key (%s)=(%s) is not present in table "%s".', p_column, v_missing,
                      (select c.relname from pg_catalog.pg_class c where c.oid = p_ref)),
      table = p_table, constraint = p_constraint;
  end if;
end
$$;
revoke all on function private.fk_require(anyarray, regclass, text, text, text, text) from public;
grant execute on function private.fk_require(anyarray, regclass, text, text, text, text) to mlm_definer;
comment on function private.fk_require(anyarray, regclass, text, text, text, text) is
  'A foreign key checked for a whole statement: every key must exist in the referenced table and is'
  ' locked FOR KEY SHARE until commit, as a declarative key would; refuses 23503 with PostgreSQL''s'
  ' own message.';
