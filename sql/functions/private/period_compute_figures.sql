-- Step 11 of private.period_compute: the per-distributor figures into a
-- fresh pg_temp.cx_dist (dropped at commit): cx_node's columns plus GV,
-- depth, paid-as rank index, frontline count (cents; capped_gv in
-- millionths of a currency unit, null when unqualified) and qualified
-- legs for the paid-as rank (from pg_temp.cx_leg, step 5). Returns the
-- total PV in cents.
create or replace function private.period_compute_figures(
  p_pv int8[], p_gv int8[], p_dep int4[], p_rk int4[], p_legs int4[], p_cap int8[])
returns bigint
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_total_pv bigint;
begin
  drop table if exists pg_temp.cx_dist;
  create temporary table cx_dist (
    i int4 not null, user_id uuid not null, parent int4 not null, active boolean not null,
    pv int8 not null, rb int8 not null, gv int8 not null, depth int4 not null, rank int4 not null,
    legs int4 not null, capped_gv int8, qualified_legs int4 not null
  ) on commit drop;
  insert into pg_temp.cx_dist
  select c.i, c.user_id, c.parent, c.active, c.pv, c.rb, p_gv[c.i], p_dep[c.i], p_rk[c.i], p_legs[c.i],
         case when p_rk[c.i] = 0 then null
              when p_cap[p_rk[c.i]] < 0 then p_gv[c.i] * 10000
              else p_pv[c.i] * 10000 + coalesce(l.capsum, 0) end,
         coalesce(l.qualified, 0)
    from pg_temp.cx_node c
    left join pg_temp.cx_leg l on l.p = c.i and l.k = p_rk[c.i];
  select coalesce(sum(c.pv), 0) into v_total_pv from pg_temp.cx_dist c;
  return v_total_pv;
end
$$;
comment on function private.period_compute_figures(int8[], int8[], int4[], int4[], int4[], int8[]) is
  'Step 11 of the plan v1 engine (private.period_compute): each distributor''s PV, GV, depth, paid-as rank, frontline count, capped GV and qualified legs into pg_temp.cx_dist; returns the total PV in cents.';
revoke all on function private.period_compute_figures(int8[], int8[], int4[], int4[], int4[], int8[]) from public;
grant execute on function private.period_compute_figures(int8[], int8[], int4[], int4[], int4[], int8[]) to mlm_definer;
