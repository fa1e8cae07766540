-- The periods a distributor (null: the caller) has a statement for: every
-- closed or finalized period, and any period with a manual adjustment for
-- it, newest first, with its total, rows and paid-as rank. Access:
-- private.ledger_reader (own for a distributor; manager, finance, auditor,
-- admin for anyone).
create or replace function api.statement_periods(p_distributor_id uuid default null)
returns table (period_id text, name text, status public.period_status, total numeric, lines bigint,
               paid_as_rank_id text, rank_name text, personal_pv numeric, group_pv numeric)
language sql
stable
security definer
set search_path = ''
as $$
  with who as (select private.ledger_reader(p_distributor_id) as id),
       earned as (
         select l.period_id, sum(l.amount) as total, count(*) as lines
           from who join public.commission_ledger l on l.distributor_id = who.id
          group by l.period_id)
  select p.id::text, p.name::text, p.status, coalesce(e.total, 0), coalesce(e.lines, 0),
         v.paid_as_rank_id::text, r.name::text, coalesce(v.personal_pv, 0), coalesce(v.group_pv, 0)
    from who
    cross join public.commission_periods p
    left join earned e on e.period_id = p.id
    left join public.period_volumes v on v.period_id = p.id and v.distributor_id = who.id
    left join public.ranks r on r.id = v.paid_as_rank_id
   where p.status in ('closed', 'finalized') or e.period_id is not null
   order by p.id desc
$$;
alter function api.statement_periods(uuid) owner to mlm_definer;
revoke all on function api.statement_periods(uuid) from public;
grant execute on function api.statement_periods(uuid) to mlm_app;
comment on function api.statement_periods(uuid) is
  'The periods a distributor has a statement for (closed or finalized, or with a manual '
  'adjustment), newest first, with total, rows and paid-as rank. Same access as api.statement '
  '(private.ledger_reader).';
