-- The finance page of a period: totals, payout and breakage as a share of
-- the period's PV, the previous period's totals for comparison, the close's
-- figures (rank distribution, totals by type, payees, seconds) with its top
-- earners named, and the manual adjustments so far. The roles that read
-- the ledger (manager, finance, auditor, admin); others MLDNY.
create or replace function api.period_summary(p_period_id text)
returns table (period_id text, name text, status public.period_status, total_pv numeric,
               total_commissions numeric, total_breakage numeric, payout_pct numeric, breakage_pct numeric,
               closed_at timestamptz, finalized_at timestamptz, last_error text,
               prev_period_id text, prev_total_pv numeric, prev_total_commissions numeric,
               prev_total_breakage numeric, summary jsonb, top_earners jsonb,
               adjustments bigint, adjustments_total numeric)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not auth.has_role('manager', 'finance', 'auditor', 'admin') then
    raise exception using errcode = 'MLDNY', message = 'You may not see period summaries.';
  end if;
  return query
  select p.id::text, p.name::text,
         case when private.period_lock_held(p.id) then 'calculating'::public.period_status else p.status end,
         p.total_pv, p.total_commissions, p.total_breakage,
         case when p.total_pv <> 0 then round(100 * p.total_commissions / p.total_pv, 2) end,
         case when p.total_pv <> 0 then round(100 * p.total_breakage / p.total_pv, 2) end,
         p.closed_at, p.finalized_at, p.last_error,
         prev.id::text, prev.total_pv, prev.total_commissions, prev.total_breakage,
         s.summary - 'top_earners',
         (select coalesce(jsonb_agg(jsonb_build_object(
                   'distributor_id', t.e ->> 'distributor_id', 'total', (t.e ->> 'total')::numeric,
                   'distributor_number', d.distributor_number,
                   'name', nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), '')) order by t.n), '[]')
            from jsonb_array_elements(s.summary -> 'top_earners') with ordinality as t (e, n)
            left join public.distributors d on d.user_id = (t.e ->> 'distributor_id')::uuid
            left join public.users u on u.id = d.user_id),
         (select count(*) from public.commission_ledger l where l.period_id = p.id and l.is_manual),
         (select coalesce(sum(l.amount), 0) from public.commission_ledger l where l.period_id = p.id and l.is_manual)
    from public.commission_periods p
    left join public.commission_periods prev
           on prev.id = to_char(to_date(p.id, 'YYYY-MM') - interval '1 month', 'YYYY-MM')
    left join private.period_summaries s on s.period_id = p.id
   where p.id = p_period_id;
end
$$;
alter function api.period_summary(text) owner to mlm_definer;
revoke all on function api.period_summary(text) from public;
grant execute on function api.period_summary(text) to mlm_app;
comment on function api.period_summary(text) is
  'The finance page of a period: totals, payout and breakage shares of PV, the previous period, the'
  ' close''s figures with top earners, and the manual adjustments. Managers, finance, auditors and '
  'admins: refuses MLDNY.';
