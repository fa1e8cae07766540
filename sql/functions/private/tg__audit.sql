-- The audit trail of table writes: one public.audit_logs event per statement
-- that touched at least one row (a statement touching none writes nothing).
--
-- Statement-level, reading the statement's transition tables (new_rows for
-- insert, old_rows and new_rows for update, old_rows for delete), so a bulk
-- load or a close is one event with its row count, not one per row.
--
-- Trigger arguments: TG_ARGV[0] is the table's key column (entity_id);
-- further arguments name columns never to copy. Besides those, a column is
-- never copied when its name matches the deny list below (password, secret,
-- token, backup_code, totp, api_key, private_key), so a secret added to a
-- table later is left out without anyone remembering to list it.
--
-- Event shape (entity_type = table name, action = insert/update/delete,
-- row_count = n rows touched):
--   n = 1       entity_id = the key as text (the new key, should an update
--               change it);
--               insert: after_data = the new row; delete: before_data = the
--               old row; update: before_data/after_data = the key column plus
--               only the columns whose value changed (old values / new
--               values), so an update copies no more personal data than it
--               changed. An update that changed nothing shows just the key.
--   1 < n ≤ 20  entity_id null; before_data/after_data = JSON arrays of the
--               same per-row objects (insert and delete: in statement
--               order). Update arrays are ordered by key (as text, collation
--               "C") and aligned: element i of both describes one row, paired
--               by key; a row whose key itself changed cannot be paired, so
--               its old row (whole) sits opposite a null, and its new row
--               likewise.
--   n > 20      entity_id null, before_data null, after_data =
--               {"rows": n, "ids": [first 100 keys in statement order, as
--               text], "ids_truncated": n > 100}; nothing row by row.
-- Excluded columns are always absent (in updates too: a changed secret
-- shows only as an update event, never as a value).
-- Who, request id, IP and user agent: see private.audit_event(), which
-- writes the row.
--
-- Definer, owned by mlm_definer: whoever writes the table, the event is
-- written as mlm_definer (mlm_app may not insert into audit_logs itself).
create or replace function private.tg__audit()
returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_key      text := TG_ARGV[0];
  v_count    bigint;
  v_excluded text[];
  v_has_key  boolean;
  v_entity   text;
  v_before   jsonb;
  v_after    jsonb;
  v_pairs    jsonb;
begin
  if TG_OP = 'DELETE' then
    select count(*) into v_count from old_rows;
  else
    select count(*) into v_count from new_rows;
  end if;
  if v_count = 0 then
    return null;
  end if;

  select coalesce(array_agg(a.attname::text) filter (
           where a.attname::text <> v_key
             and (a.attname::text = any (TG_ARGV[1:])
                  or a.attname::text ilike any (array[
                       '%password%', '%secret%', '%token%', 'backup\_code%',
                       '%totp%', '%api\_key%', '%private\_key%']))),
           '{}'),
         coalesce(bool_or(a.attname::text = v_key), false)
    into v_excluded, v_has_key
    from pg_catalog.pg_attribute a
   where a.attrelid = TG_RELID and a.attnum > 0 and not a.attisdropped;
  if not v_has_key then
    raise exception 'Audit trigger % on %.%: the first argument must be the key column (got %).',
      TG_NAME, TG_TABLE_SCHEMA, TG_TABLE_NAME, coalesce(v_key, 'none');
  end if;

  if v_count > 20 then
    -- Bulk: a count and the first keys; nothing row by row.
    if TG_OP = 'DELETE' then
      select jsonb_agg(k) into v_after
        from (select to_jsonb(t) ->> v_key as k from old_rows t limit 100) s;
    else
      select jsonb_agg(k) into v_after
        from (select to_jsonb(t) ->> v_key as k from new_rows t limit 100) s;
    end if;
    v_after := jsonb_build_object('rows', v_count, 'ids', v_after, 'ids_truncated', v_count > 100);

  elsif TG_OP = 'INSERT' then
    select jsonb_agg(to_jsonb(t) - v_excluded) into v_after from new_rows t;

  elsif TG_OP = 'DELETE' then
    select jsonb_agg(to_jsonb(t) - v_excluded) into v_before from old_rows t;

  else
    -- Update: pair each old row with its new row, then keep the key and the
    -- changed columns. One row pairs by itself (its key may have changed);
    -- several pair by key.
    if v_count = 1 then
      select jsonb_build_array(jsonb_build_array(to_jsonb(o) - v_excluded, to_jsonb(n) - v_excluded))
        into v_pairs
        from old_rows o cross join new_rows n;
    else
      select jsonb_agg(jsonb_build_array(o.j, n.j) order by coalesce(n.j ->> v_key, o.j ->> v_key) collate "C")
        into v_pairs
        from (select to_jsonb(t) - v_excluded as j from old_rows t) o
        full join (select to_jsonb(t) - v_excluded as j from new_rows t) n
          on o.j -> v_key = n.j -> v_key;
    end if;

    select jsonb_agg(case when d.o is null then null
                          when d.n is null then d.o
                          else jsonb_build_object(v_key, d.o -> v_key) || coalesce(
                                 (select jsonb_object_agg(e.key, e.value) from jsonb_each(d.o) e
                                   where e.value is distinct from d.n -> e.key), '{}')
                     end order by p.i),
           jsonb_agg(case when d.n is null then null
                          when d.o is null then d.n
                          else jsonb_build_object(v_key, d.n -> v_key) || coalesce(
                                 (select jsonb_object_agg(e.key, e.value) from jsonb_each(d.n) e
                                   where e.value is distinct from d.o -> e.key), '{}')
                     end order by p.i)
      into v_before, v_after
      from jsonb_array_elements(v_pairs) with ordinality as p (pair, i)
      cross join lateral (select nullif(p.pair -> 0, 'null') as o,
                                 nullif(p.pair -> 1, 'null') as n) d;
  end if;

  if v_count = 1 then
    v_before := v_before -> 0;
    v_after := v_after -> 0;
    v_entity := coalesce(v_after ->> v_key, v_before ->> v_key);
  end if;

  perform private.audit_event(TG_TABLE_NAME, v_entity, lower(TG_OP),
                              v_before, v_after, v_count::integer);
  return null;
end
$$;
alter function private.tg__audit() owner to mlm_definer;
revoke all on function private.tg__audit() from public;

-- The audited tables: name, key column, then columns never to copy (besides
-- the deny list above). Addresses and bank details are personal data the
-- trail does not need: the event still records who changed the row and when.
-- Three statement-level triggers per table (a trigger with transition tables
-- serves one event); _900 so they run after the tables' other AFTER triggers.
do $$
declare
  v_table record;
  v_args  text;
begin
  for v_table in
    select * from (values
      ('users',              array['id']),
      ('distributors',       array['user_id']),
      ('ranks',              array['id']),
      ('orders',             array['id', 'shipping_address', 'billing_address']),
      ('commission_ledger',  array['id']),
      ('commission_periods', array['id']),
      ('payouts',            array['id', 'bank_details']),
      ('compliance_cases',   array['id']),
      ('plan_settings',      array['key']),
      -- Catalogue, customers, order lines, tax, shipping, autoship (issue 5).
      ('products',           array['id']),
      ('product_categories', array['id']),
      ('customers',          array['id', 'billing_address', 'shipping_addresses', 'payment_methods',
                                   'date_of_birth', 'search_vector']),
      ('order_items',        array['id']),
      ('tax_rates',          array['id']),
      ('shipping_methods',   array['id']),
      ('shipping_rates',     array['id']),
      ('autoships',          array['id', 'consent_user_agent'])
    ) as t (name, args)
  loop
    select string_agg(quote_literal(a), ', ') into v_args from unnest(v_table.args) as a;
    execute format(
      'create or replace trigger _900_audit_insert after insert on public.%I'
      ' referencing new table as new_rows for each statement'
      ' execute function private.tg__audit(%s)', v_table.name, v_args);
    execute format(
      'create or replace trigger _900_audit_update after update on public.%I'
      ' referencing old table as old_rows new table as new_rows for each statement'
      ' execute function private.tg__audit(%s)', v_table.name, v_args);
    execute format(
      'create or replace trigger _900_audit_delete after delete on public.%I'
      ' referencing old table as old_rows for each statement'
      ' execute function private.tg__audit(%s)', v_table.name, v_args);
  end loop;
end
$$;
comment on function private.tg__audit() is
  'The audit trail of table writes: one audit_logs event per statement that touched rows, from its '
  'transition tables (row values, or counts and ids for bulk statements).';
