-- The referenced side of the statement-level foreign keys of
-- commission_ledger and period_volumes (see private.fk_require): keys that
-- a delete or re-key removes (p_keys) must not be used by any row of those
-- tables (NO ACTION, as the declarative keys were), else 23503 with
-- PostgreSQL's own message. p_what names the referenced table:
-- 'distributors', 'commission_periods', 'orders', 'ranks' or 'users' (a
-- re-keyed user: deleting one sets created_by to null instead, see
-- tg_users__commission_refs).
--
-- Needs READ COMMITTED: a declarative key re-checks against the newest
-- committed rows (a "crosscheck" snapshot) whatever the isolation; a
-- function cannot, so under REPEATABLE READ or SERIALIZABLE a delete of a
-- key in use elsewhere could be missed, and it is refused instead.
create or replace function private.fk_refuse_referenced(p_what text, p_keys text[])
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_hit record;
begin
  if p_keys is null or cardinality(p_keys) = 0 then
    return;
  end if;
  if pg_catalog.current_setting('transaction_isolation') <> 'read committed' then
    raise exception using errcode = '0A000',
      message = format('Deleting or re-keying %s needs READ COMMITTED isolation (commission rows may use them).', p_what);
  end if;
  select t.tbl, t.con, t.col, t.key into v_hit
    from (
      select 'commission_ledger' as tbl, 'commission_ledger_distributor_id_fkey' as con, 'distributor_id' as col,
             l.distributor_id::text as key
        from public.commission_ledger l
       where p_what = 'distributors' and l.distributor_id in (select k::uuid from unnest(p_keys) k)
      union all
      select 'commission_ledger', 'commission_ledger_source_distributor_id_fkey', 'source_distributor_id',
             l.source_distributor_id::text
        from public.commission_ledger l
       where p_what = 'distributors' and l.source_distributor_id in (select k::uuid from unnest(p_keys) k)
      union all
      select 'period_volumes', 'period_volumes_distributor_id_fkey', 'distributor_id', v.distributor_id::text
        from public.period_volumes v
       where p_what = 'distributors' and v.distributor_id in (select k::uuid from unnest(p_keys) k)
      union all
      select 'commission_ledger', 'commission_ledger_period_id_fkey', 'period_id', l.period_id::text
        from public.commission_ledger l
       where p_what = 'commission_periods' and l.period_id in (select k from unnest(p_keys) k)
      union all
      select 'period_volumes', 'period_volumes_period_id_fkey', 'period_id', v.period_id::text
        from public.period_volumes v
       where p_what = 'commission_periods' and v.period_id in (select k from unnest(p_keys) k)
      union all
      select 'commission_ledger', 'commission_ledger_source_order_id_fkey', 'source_order_id',
             l.source_order_id::text
        from public.commission_ledger l
       where p_what = 'orders' and l.source_order_id in (select k::uuid from unnest(p_keys) k)
      union all
      select 'commission_ledger', 'commission_ledger_created_by_fkey', 'created_by', l.created_by::text
        from public.commission_ledger l
       where p_what = 'users' and l.created_by in (select k::uuid from unnest(p_keys) k)
      union all
      select 'period_volumes', 'period_volumes_paid_as_rank_id_fkey', 'paid_as_rank_id', v.paid_as_rank_id::text
        from public.period_volumes v
       where p_what = 'ranks' and v.paid_as_rank_id in (select k from unnest(p_keys) k)
    ) t
   limit 1;
  if found then
    raise exception using errcode = '23503',
      message = format('update or delete on table "%s" violates foreign key constraint "%s" on table "%s"',
                       p_what, v_hit.con, v_hit.tbl),
      detail = format('Key (%s)=(%s) is still referenced from table "%s".',
                      case p_what when 'distributors' then 'user_id' when 'users' then 'id' else 'id' end, v_hit.key, v_hit.tbl),
      table = v_hit.tbl, constraint = v_hit.con;
  end if;
end
$$;
revoke all on function private.fk_refuse_referenced(text, text[]) from public;
grant execute on function private.fk_refuse_referenced(text, text[]) to mlm_definer;
comment on function private.fk_refuse_referenced(text, text[]) is
  'The referenced side of the statement-level foreign keys of commission_ledger and period_volumes:'
  ' refuses (23503, PostgreSQL''s own message) a delete or re-key of rows they still use; 0A000 '
  'outside READ COMMITTED.';
