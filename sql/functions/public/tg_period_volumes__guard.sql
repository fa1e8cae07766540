-- period_volumes of a finalized period never change, whoever writes (a
-- superuser included): MLCLS for a statement touching one of its rows, and
-- for TRUNCATE while any finalized period has rows. Statement-level, one
-- pass over the transition table. The table's foreign keys are checked here
-- too, once per statement (private.fk_require; see 0007).
create or replace function public.tg_period_volumes__guard()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_finalized text;
begin
  if TG_OP = 'TRUNCATE' then
    select min(v.period_id) into v_finalized
      from public.period_volumes v
      join public.commission_periods p on p.id = v.period_id and p.status = 'finalized';
  end if;
  if TG_OP in ('INSERT', 'UPDATE') then
    perform private.fk_require((select array_agg(t.k) from (select distinct n.period_id as k from new_rows n) t),
                               'public.commission_periods', 'id', 'period_volumes',
                               'period_volumes_period_id_fkey', 'period_id');
    perform private.fk_require((select array_agg(t.k) from (select distinct n.distributor_id as k from new_rows n) t),
                               'public.distributors', 'user_id', 'period_volumes',
                               'period_volumes_distributor_id_fkey', 'distributor_id');
    perform private.fk_require((select array_agg(t.k) from (select distinct n.paid_as_rank_id as k from new_rows n
                                 where n.paid_as_rank_id is not null) t),
                               'public.ranks', 'id', 'period_volumes',
                               'period_volumes_paid_as_rank_id_fkey', 'paid_as_rank_id');
  end if;
  if TG_OP = 'TRUNCATE' then
    null;
  elsif TG_OP = 'INSERT' then
    select min(p.id) into v_finalized
      from (select distinct n.period_id from new_rows n) t
      join public.commission_periods p on p.id = t.period_id and p.status = 'finalized';
  elsif TG_OP = 'UPDATE' then
    select min(p.id) into v_finalized
      from (select n.period_id from new_rows n union select o.period_id from old_rows o) t
      join public.commission_periods p on p.id = t.period_id and p.status = 'finalized';
  else
    select min(p.id) into v_finalized
      from (select distinct o.period_id from old_rows o) t
      join public.commission_periods p on p.id = t.period_id and p.status = 'finalized';
  end if;
  if v_finalized is not null then
    raise exception using errcode = 'MLCLS',
      message = format('Period %s is finalized: its volumes never change.', v_finalized);
  end if;
  return null;
end
$$;
alter function public.tg_period_volumes__guard() owner to mlm_definer;
revoke all on function public.tg_period_volumes__guard() from public;

create or replace trigger _050_guard_insert
  after insert on public.period_volumes referencing new table as new_rows
  for each statement execute function public.tg_period_volumes__guard();
create or replace trigger _050_guard_update
  after update on public.period_volumes referencing old table as old_rows new table as new_rows
  for each statement execute function public.tg_period_volumes__guard();
create or replace trigger _050_guard_delete
  after delete on public.period_volumes referencing old table as old_rows
  for each statement execute function public.tg_period_volumes__guard();
create or replace trigger _050_guard_truncate
  before truncate on public.period_volumes
  for each statement execute function public.tg_period_volumes__guard();
