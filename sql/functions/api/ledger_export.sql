-- The whole ledger of a period for a CSV export, in (distributor, type,
-- source, level) order: who is paid, the type, the source, level, rate,
-- base and amount, manual rows with their reason. Invoker: the ledger's
-- policies decide what the caller gets (finance, manager, auditor, admin:
-- everything; a distributor: its own rows).
create or replace function api.ledger_export(p_period_id text)
returns table (period_id text, distributor_number text, distributor_name text, type text,
               source_number text, source_name text, level integer, rate numeric, base numeric,
               amount numeric, manual boolean, reason text, id uuid)
language sql
stable
set search_path = ''
set work_mem = '64MB'
as $$
  select l.period_id::text, d.distributor_number::text,
         nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), '')::text, l.type::text,
         sd.distributor_number::text, nullif(btrim(concat_ws(' ', su.first_name, su.last_name)), '')::text,
         l.level, l.rate, l.pv, l.amount, l.is_manual, l.reason, l.id
    from public.commission_ledger l
    left join public.distributors d on d.user_id = l.distributor_id
    left join public.users u on u.id = l.distributor_id
    left join public.distributors sd on sd.user_id = l.source_distributor_id
    left join public.users su on su.id = l.source_distributor_id
   where l.period_id = p_period_id
   order by d.distributor_number, l.type, sd.distributor_number nulls first, l.level, l.id
$$;
revoke all on function api.ledger_export(text) from public;
grant execute on function api.ledger_export(text) to mlm_app;
comment on function api.ledger_export(text) is
  'The whole commission ledger of a period for a CSV export, in (distributor, type, source, level) '
  'order, manual rows with their reason. Finance, managers, auditors and admins get everything; a '
  'distributor its own rows (RLS).';
