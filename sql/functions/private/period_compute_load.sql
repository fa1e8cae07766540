-- Step 2 of private.period_compute: every distributor and its volume events
-- of the period, in one statement (one snapshot), into a fresh
-- pg_temp.cx_node (dropped at commit): an index i 1..n in user_id order,
-- the sponsor's index (0: none), whether active, and PV, retail base and
-- fast-start PV in cents. Fast start: the PV of events whose order was paid
-- fewer than p_fs_days days after the distributor joined. Returns n.
--
-- Numbered in user_id order: rows sorted by these numbers are sorted by
-- uuid, which is what the ledger's and period_volumes' indexes want,
-- without sorting millions of rows by uuid later. The rows are written in
-- index order, so a scan reads them back in it (period_compute checks).
create or replace function private.period_compute_load(p_period_id text, p_fs_days integer)
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_rows bigint;
begin
  drop table if exists pg_temp.cx_node;
  create temporary table cx_node (
    i int4 not null, user_id uuid not null, parent int4 not null, active boolean not null,
    pv int8 not null, rb int8 not null, fs int8 not null
  ) on commit drop;
  insert into pg_temp.cx_node (i, user_id, parent, active, pv, rb, fs)
  with d as materialized (
    select dd.user_id, dd.sponsor_id, dd.status, dd.join_date, (row_number() over (order by dd.user_id))::int4 as i
      from public.distributors dd
  ), ev as (
    select e.distributor_id,
           sum(e.pv) as pv,
           sum(e.retail_base) as rb,
           coalesce(sum(e.pv) filter (where (e.order_paid_at at time zone 'UTC')::date - d.join_date < p_fs_days), 0) as fs
      from public.volume_events e
      join d on d.user_id = e.distributor_id
     where e.period_id = p_period_id
     group by e.distributor_id
  )
  select d.i, d.user_id, coalesce(s.i, 0), d.status = 'active',
         coalesce((ev.pv * 100)::int8, 0), coalesce((ev.rb * 100)::int8, 0), coalesce((ev.fs * 100)::int8, 0)
    from d
    left join d s on s.user_id = d.sponsor_id
    left join ev on ev.distributor_id = d.user_id
   order by d.i;
  get diagnostics v_rows = row_count;
  return v_rows;
end
$$;
comment on function private.period_compute_load(text, integer) is
  'Step 2 of the plan v1 engine (private.period_compute): every distributor with its sponsor, status and the period''s PV, retail base and fast-start PV in cents, into pg_temp.cx_node in user_id order; returns the count.';
revoke all on function private.period_compute_load(text, integer) from public;
grant execute on function private.period_compute_load(text, integer) to mlm_definer;
