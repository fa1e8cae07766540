-- The manual adjustments of a period, newest first, with who they pay and
-- who entered them. Invoker: the ledger's policies decide who sees them.
create or replace function api.period_adjustments(p_period_id text)
returns table (id uuid, distributor_id uuid, distributor_number text, distributor_name text, amount numeric,
               reason text, created_by_name text, created_at timestamptz)
language sql
stable
set search_path = ''
as $$
  select l.id, l.distributor_id, d.distributor_number::text,
         nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), '')::text, l.amount, l.reason,
         nullif(btrim(concat_ws(' ', cb.first_name, cb.last_name)), '')::text, l.created_at
    from public.commission_ledger l
    left join public.distributors d on d.user_id = l.distributor_id
    left join public.users u on u.id = l.distributor_id
    left join public.users cb on cb.id = l.created_by
   where l.period_id = p_period_id and l.is_manual
   order by l.created_at desc, l.id
$$;
revoke all on function api.period_adjustments(text) from public;
grant execute on function api.period_adjustments(text) to mlm_app;
comment on function api.period_adjustments(text) is
  'The manual adjustments of a period, newest first, with who they pay and who entered them. Any '
  'signed-in user; the ledger''s policies decide who sees them.';
