-- close_period (compensation-plan.md section 1): compute period p_period_id
-- with the plan engine (private.period_compute) and write its ledger,
-- period_volumes and totals, all in the caller's one transaction: the
-- results appear at once or not at all, and an error anywhere leaves the
-- period exactly as it was.
--
-- Refusals (nothing changed): MLVAL a malformed id; MLDNY a caller who is
-- neither finance, an admin nor a DBA at the console; MLPER a close of this
-- period already running (refused at once: pg_try_advisory_xact_lock, not
-- queued), the period finalized, not over yet (public.app_now()), or an
-- earlier period not finalized.
--
-- Concurrency: after the advisory lock the period row is locked FOR UPDATE.
-- Order writes into the period hold FOR SHARE on it
-- (private.period_refuse_closed) until they commit, so the close first waits
-- for those in flight, then reads; writes arriving later wait for the close
-- and are then refused as writes into a closed period (MLCLS). An order is
-- therefore either wholly in the close or refused, never half.
--
-- Visibility while it runs: the advisory lock (pg_locks) is what other
-- sessions read as status 'calculating' (api.period_close_state), and the
-- steps are NOTICEs (private.period_progress) that the close job relays to
-- private.period_close_runs. The status column itself goes from open (or
-- closed) to closed in this transaction's one update: a status written
-- "calculating" inside it could not be seen by anyone, and one committed
-- before it would outlive a crashed close.
--
-- Re-close (a closed period): the same data gives the same rows, so only
-- the differences are written: computed rows that no longer hold are
-- deleted, new ones inserted, unchanged ones stay as they are (ids and all).
-- Manual adjustments are never touched. New ledger ids are time-ordered
-- (a UUIDv7 layout: close time, then the period and a counter in
-- (distributor, type, source, level) order), so the primary key grows at
-- its right edge instead of at random pages.
create or replace function private.period_close(p_period_id text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
set work_mem = '256MB'
set max_parallel_workers_per_gather = 0
set jit = off
set enable_mergejoin = off
as $$
declare
  c_steps constant integer := 12;
  v_started  timestamptz := pg_catalog.clock_timestamp();
  v_mark     timestamptz;
  v_period   public.commission_periods;
  v_refusal  text;
  v_compute  jsonb;
  v_ranks    text[];
  v_first    boolean;
  v_prefix   bytea;
  v_hi       int8;
  v_ins      bigint := 0;
  v_del      bigint := 0;
  v_kept     bigint := 0;
  v_vol_ins  bigint := 0;
  v_vol_del  bigint := 0;
  v_vol_upd  bigint := 0;
  v_manual   numeric;
  v_computed int8;
  v_summary  jsonb;
  v_result   jsonb;
begin
  if p_period_id is null or p_period_id !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' then
    raise exception using errcode = 'MLVAL', column = 'period_id',
      message = format('A period id is a month written YYYY-MM, not %s.', coalesce(p_period_id, 'nothing'));
  end if;
  if not (private.caller_is_dba() or auth.has_role('finance', 'admin')) then
    raise exception using errcode = 'MLDNY', message = 'Only finance or an admin can close a period.';
  end if;
  if not pg_catalog.pg_try_advisory_xact_lock(private.advisory_lock_key('period_close')::integer, private.period_ordinal(p_period_id)) then
    raise exception using errcode = 'MLPER',
      message = format('Period %s is being closed or finalized right now: wait for that to finish.', p_period_id);
  end if;

  perform private.period_progress(p_period_id, 'close', 0, c_steps, 'Waiting for orders being written');
  perform private.period_ensure(to_date(p_period_id, 'YYYY-MM')::timestamp at time zone 'UTC');
  select * into v_period from public.commission_periods p where p.id = p_period_id for update;
  v_refusal := private.period_close_refusal(p_period_id);
  if v_refusal is not null then
    raise exception using errcode = 'MLPER', message = v_refusal;
  end if;

  v_compute := private.period_compute(p_period_id, 'close');
  select array_agg(x order by n) into v_ranks
    from jsonb_array_elements_text(v_compute -> 'ranks') with ordinality as t (x, n);

  perform private.period_progress(p_period_id, 'close', c_steps, c_steps, 'Writing the ledger');
  v_mark := pg_catalog.clock_timestamp();

  -- The ledger. First close of the period: everything is new. Re-close:
  -- only the differences.
  v_first := not exists (select from public.commission_ledger l
                          where l.period_id = p_period_id and not l.is_manual);
  if not v_first then
    delete from public.commission_ledger l
     where l.period_id = p_period_id and not l.is_manual
       and not exists (select from pg_temp.cx_ledger n
                        where n.payee_id = l.distributor_id and n.type = l.type and n.source_id = l.source_distributor_id
                          and n.level = l.level and n.amount_c = l.amount * 100 and n.rate_u = l.rate * 1000000
                          and n.base_c = l.pv * 100);
    get diagnostics v_del = row_count;
  end if;
  v_prefix := substring(int8send((extract(epoch from pg_catalog.clock_timestamp()) * 1000)::int8) from 3 for 6)
              || int2send((28672 + floor(random() * 4096))::int2);
  v_hi := (-9223372036854775808)::int8 | (private.period_ordinal(p_period_id)::int8 << 40);
  -- The rows to insert: all of them on a first close; on a re-close those
  -- not already there (an anti-join), the rest stay as they are.
  if not v_first then
    drop table if exists pg_temp.cx_new;
    create temporary table cx_new on commit drop as
    select n.* from pg_temp.cx_ledger n
     where not exists (select from public.commission_ledger l
                        where l.period_id = p_period_id and not l.is_manual
                          and n.payee_id = l.distributor_id and n.type = l.type
                          and n.source_id = l.source_distributor_id and n.level = l.level
                          and n.amount_c = l.amount * 100 and n.rate_u = l.rate * 1000000 and n.base_c = l.pv * 100);
  end if;
  execute format($sql$
    insert into public.commission_ledger
      (id, period_id, distributor_id, type, amount, source_distributor_id, level, rate, pv)
    select encode($1 || int8send($2 | row_number() over w), 'hex')::uuid,
           $3, n.payee_id, n.type, n.amount_c * 0.01, n.source_id, n.level, n.rate_u * 0.000001, n.base_c * 0.01
      from %s n
    window w as (order by n.payee, n.type, n.source, n.level)  -- node numbers follow user_id order
     order by n.payee, n.type, n.source, n.level $sql$,
    case when v_first then 'pg_temp.cx_ledger' else 'pg_temp.cx_new' end)
    using v_prefix, v_hi, p_period_id;
  get diagnostics v_ins = row_count;
  v_kept := (v_compute ->> 'computed_rows')::bigint - v_ins;

  -- Manual adjustments of the period, kept as they are.
  drop table if exists pg_temp.cx_manual;
  create temporary table cx_manual on commit drop as
  select l.distributor_id, sum(l.amount) as amount, count(*) as n
    from public.commission_ledger l
   where l.period_id = p_period_id and l.is_manual
   group by l.distributor_id;

  -- period_volumes: every distributor with group volume or a ledger row
  -- (manual ones included).
  drop table if exists pg_temp.cx_volumes;
  create temporary table cx_volumes on commit drop as
  select c.user_id as distributor_id, c.pv / 100.0 as personal_pv, c.gv / 100.0 as group_pv,
         c.rb / 100.0 as retail_base, v_ranks[nullif(c.rank, 0)] as paid_as_rank_id, c.legs as leg_count,
         c.qualified_legs, round(c.capped_gv / 1000000.0, 2) as capped_gv
    from pg_temp.cx_dist c
   where c.gv <> 0
      or c.i in (select l.payee from pg_temp.cx_ledger l)
      or c.user_id in (select m.distributor_id from pg_temp.cx_manual m);
  delete from public.period_volumes v
   where v.period_id = p_period_id
     and not exists (select from pg_temp.cx_volumes n where n.distributor_id = v.distributor_id);
  get diagnostics v_vol_del = row_count;
  update public.period_volumes v
     set personal_pv = n.personal_pv, group_pv = n.group_pv, retail_base = n.retail_base,
         paid_as_rank_id = n.paid_as_rank_id, leg_count = n.leg_count, qualified_legs = n.qualified_legs,
         capped_gv = n.capped_gv
    from pg_temp.cx_volumes n
   where v.period_id = p_period_id and v.distributor_id = n.distributor_id
     and (v.personal_pv, v.group_pv, v.retail_base, v.paid_as_rank_id, v.leg_count, v.qualified_legs, v.capped_gv)
         is distinct from
         (n.personal_pv, n.group_pv, n.retail_base, n.paid_as_rank_id, n.leg_count, n.qualified_legs, n.capped_gv);
  get diagnostics v_vol_upd = row_count;
  insert into public.period_volumes
    (period_id, distributor_id, personal_pv, group_pv, retail_base, paid_as_rank_id, leg_count,
     qualified_legs, capped_gv)
  select p_period_id, n.distributor_id, n.personal_pv, n.group_pv, n.retail_base, n.paid_as_rank_id,
         n.leg_count, n.qualified_legs, n.capped_gv
    from pg_temp.cx_volumes n
   where not exists (select from public.period_volumes v
                      where v.period_id = p_period_id and v.distributor_id = n.distributor_id)
   order by n.distributor_id;
  get diagnostics v_vol_ins = row_count;

  -- Totals and the summary, from what is now in the ledger.
  select coalesce(sum(m.amount), 0) into v_manual from pg_temp.cx_manual m;
  select coalesce(sum(l.amount_c), 0) into v_computed from pg_temp.cx_ledger l;
  with earned as (
    select e.distributor_id, sum(e.amount) as total
      from (select l.payee_id as distributor_id, l.amount_c / 100.0 as amount from pg_temp.cx_ledger l
            union all
            select m.distributor_id, m.amount from pg_temp.cx_manual m) e
     group by e.distributor_id
  )
  select jsonb_build_object(
           'distributors', (v_compute ->> 'distributors')::integer,
           'active', (select count(*) from pg_temp.cx_dist c where c.active),
           'with_volume', (select count(*) from pg_temp.cx_dist c where c.pv <> 0),
           'qualified', (select count(*) from pg_temp.cx_dist c where c.rank > 0),
           'retail_base', (select coalesce(sum(c.rb), 0) / 100.0 from pg_temp.cx_dist c),
           'ranks', (select coalesce(jsonb_object_agg(v_ranks[r.rank], r.n), '{}')
                       from (select c.rank, count(*) as n from pg_temp.cx_dist c where c.rank > 0 group by c.rank) r),
           'types', (select coalesce(jsonb_object_agg(t.type, jsonb_build_object('rows', t.n, 'amount', t.amount)), '{}')
                       from (select l.type::text as type, count(*) as n, sum(l.amount_c) / 100.0 as amount
                               from pg_temp.cx_ledger l group by l.type
                             union all
                             select 'adjustment', sum(m.n), sum(m.amount) from pg_temp.cx_manual m
                             having count(*) > 0) t),
           'payees', (select count(*) from earned),
           'top_earners', (select coalesce(jsonb_agg(jsonb_build_object('distributor_id', e.distributor_id,
                                                                          'total', e.total)
                                                     order by e.total desc, e.distributor_id), '[]')
                             from (select * from earned order by total desc, distributor_id limit 10) e))
    into v_summary;

  v_result := jsonb_build_object(
    'period_id', p_period_id,
    'status', 'closed',
    'total_pv', (v_compute ->> 'total_pv_cents')::numeric / 100,
    'total_commissions', v_computed / 100.0 + v_manual,
    'total_breakage', (v_compute ->> 'breakage_cents')::numeric / 100,
    'ledger', jsonb_build_object('inserted', v_ins, 'deleted', v_del, 'kept', v_kept,
                                 'computed', v_ins + v_kept),
    'period_volumes', jsonb_build_object('inserted', v_vol_ins, 'updated', v_vol_upd, 'deleted', v_vol_del),
    'seconds', jsonb_build_object('total', private.seconds_since(v_started),
                                  'write', private.seconds_since(v_mark),
                                  'compute', v_compute -> 'seconds' -> 'compute',
                                  'steps', v_compute -> 'seconds' -> 'steps'));

  update public.commission_periods p
     set status = 'closed',
         closed_at = public.app_now(),
         calculation_started_at = v_started,
         calculation_completed_at = pg_catalog.clock_timestamp(),
         close_started_by = auth.user_id(),
         total_pv = (v_result ->> 'total_pv')::numeric,
         total_commissions = (v_result ->> 'total_commissions')::numeric,
         total_breakage = (v_result ->> 'total_breakage')::numeric,
         progress_step = c_steps,
         progress_total = c_steps,
         progress_label = 'Closed',
         last_error = null
   where p.id = p_period_id;
  insert into private.period_summaries as s (period_id, summary, computed_at)
  values (p_period_id,
          v_summary || jsonb_build_object('ledger', v_result -> 'ledger', 'period_volumes', v_result -> 'period_volumes',
                                          'seconds', v_result -> 'seconds'),
          pg_catalog.clock_timestamp())
  on conflict (period_id) do update set summary = excluded.summary, computed_at = excluded.computed_at;

  -- The open period's estimates are replaced by the real thing.
  delete from public.period_estimates e where e.period_id = p_period_id;
  delete from private.period_estimate_runs r where r.period_id = p_period_id;

  perform private.audit_event('commission_periods', p_period_id, 'close',
                              jsonb_build_object('status', v_period.status),
                              v_result - 'seconds' || jsonb_build_object('seconds', v_result #> '{seconds,total}'),
                              (v_ins + v_del)::integer);
  return v_result;
end
$$;
alter function private.period_close(text) owner to mlm_definer;
revoke all on function private.period_close(text) from public;
comment on function private.period_close(text) is
  'Plan v1''s close of a period in the caller''s one transaction: compute (private.period_compute),'
  ' then write only the ledger differences, period_volumes and totals. Finance, admins and DBAs; '
  'refuses MLVAL (malformed id), MLDNY and MLPER (running, finalized, not over, an earlier period '
  'not finalized).';
