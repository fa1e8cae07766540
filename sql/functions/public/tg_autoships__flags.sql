-- Keep customers.auto_ship_enabled (the customer has an active autoship)
-- and distributors.auto_ship_active (the distributor's own account has one)
-- equal to the autoships, per statement.
create or replace function public.tg_autoships__flags()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_ids uuid[];
begin
  if tg_op = 'DELETE' then
    select array_agg(distinct customer_id) into v_ids from old_rows;
  elsif tg_op = 'INSERT' then
    select array_agg(distinct customer_id) into v_ids from new_rows;
  else
    select array_agg(distinct c) into v_ids
      from new_rows n join old_rows o on o.id = n.id
      cross join lateral (values (n.customer_id), (o.customer_id)) as t (c)
     where (n.customer_id, n.status) is distinct from (o.customer_id, o.status);
  end if;
  if v_ids is null then
    return null;
  end if;
  update public.customers c
     set auto_ship_enabled = s.active
    from (select i.id, exists (select from public.autoships a
                                where a.customer_id = i.id and a.status = 'active') as active
            from unnest(v_ids) as i (id)) as s
   where c.id = s.id and c.auto_ship_enabled is distinct from s.active;
  update public.distributors d
     set auto_ship_active = c.auto_ship_enabled
    from public.customers c
   where c.id = any (v_ids) and c.is_own_account and d.user_id = c.distributor_id
     and d.auto_ship_active is distinct from c.auto_ship_enabled;
  return null;
end
$$;
alter function public.tg_autoships__flags() owner to mlm_definer;
revoke all on function public.tg_autoships__flags() from public;

create or replace trigger _300_flags_insert
  after insert on public.autoships referencing new table as new_rows
  for each statement execute function public.tg_autoships__flags();
create or replace trigger _300_flags_update
  after update on public.autoships referencing old table as old_rows new table as new_rows
  for each statement execute function public.tg_autoships__flags();
create or replace trigger _300_flags_delete
  after delete on public.autoships referencing old table as old_rows
  for each statement execute function public.tg_autoships__flags();
