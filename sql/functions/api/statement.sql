-- A distributor's statement head for one period: who, the period, how it
-- qualified (PV, GV, capped GV and qualified legs by its paid-as rank's
-- rules, with those rules), and totals by type as JSON {type: amount}.
-- Access: private.ledger_reader. No row when the period does not exist.
create or replace function api.statement(p_period_id text, p_distributor_id uuid default null)
returns table (period_id text, period_name text, status public.period_status, distributor_id uuid,
               distributor_number text, first_name text, last_name text,
               personal_pv numeric, group_pv numeric, retail_base numeric, leg_count integer,
               qualified_legs integer, capped_gv numeric,
               rank_id text, rank_name text, rank_min_pv numeric, rank_min_gv numeric, rank_min_legs integer,
               rank_min_leg_volume numeric, rank_max_leg_share numeric,
               totals jsonb, total numeric, lines bigint)
language sql
stable
security definer
set search_path = ''
as $$
  with who as (select private.ledger_reader(p_distributor_id) as id),
       lines as (
         select l.type::text as type, sum(l.amount) as amount, count(*) as n
           from who join public.commission_ledger l on l.distributor_id = who.id and l.period_id = p_period_id
          group by l.type)
  select p.id::text, p.name::text, p.status, d.user_id, d.distributor_number::text, u.first_name::text,
         u.last_name::text, coalesce(v.personal_pv, 0), coalesce(v.group_pv, 0), coalesce(v.retail_base, 0),
         coalesce(v.leg_count, 0), coalesce(v.qualified_legs, 0), v.capped_gv,
         r.id::text, r.name::text, r.min_personal_pv, r.min_group_pv, r.min_legs, r.min_leg_volume,
         r.max_leg_share,
         coalesce((select jsonb_object_agg(lines.type, lines.amount) from lines), '{}'),
         coalesce((select sum(lines.amount) from lines), 0),
         coalesce((select sum(lines.n) from lines), 0)::bigint
    from who
    join public.commission_periods p on p.id = p_period_id
    join public.distributors d on d.user_id = who.id
    join public.users u on u.id = d.user_id
    left join public.period_volumes v on v.period_id = p.id and v.distributor_id = d.user_id
    left join public.ranks r on r.id = v.paid_as_rank_id
$$;
alter function api.statement(text, uuid) owner to mlm_definer;
revoke all on function api.statement(text, uuid) from public;
grant execute on function api.statement(text, uuid) to mlm_app;
comment on function api.statement(text, uuid) is
  'A distributor''s statement head for one period: who, how it qualified under its paid-as rank''s '
  'rules (PV, GV, capped GV, qualified legs) and totals by type. A distributor for itself, and '
  'managers, finance, auditors and admins (private.ledger_reader); no row otherwise.';
