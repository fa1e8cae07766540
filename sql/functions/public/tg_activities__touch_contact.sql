-- A contact's last_activity_at is its newest activity (null: none), kept by
-- statement-level triggers on activities: one update of the touched contacts
-- per statement, which also recomputes their lead scores (the contacts
-- trigger counts the activities).
create or replace function public.tg_activities__touch_contact()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    update public.contacts c
       set last_activity_at = (select max(a.occurred_at) from public.activities a where a.contact_id = c.id)
     where c.id in (select n.contact_id from new_rows n);
  elsif tg_op = 'UPDATE' then
    update public.contacts c
       set last_activity_at = (select max(a.occurred_at) from public.activities a where a.contact_id = c.id)
     where c.id in (select n.contact_id from new_rows n union select o.contact_id from old_rows o);
  else
    update public.contacts c
       set last_activity_at = (select max(a.occurred_at) from public.activities a where a.contact_id = c.id)
     where c.id in (select o.contact_id from old_rows o);
  end if;
  return null;
end
$$;
revoke all on function public.tg_activities__touch_contact() from public;

create or replace trigger _200_touch_contact_insert
  after insert on public.activities
  referencing new table as new_rows
  for each statement execute function public.tg_activities__touch_contact();
create or replace trigger _200_touch_contact_update
  after update on public.activities
  referencing old table as old_rows new table as new_rows
  for each statement execute function public.tg_activities__touch_contact();
create or replace trigger _200_touch_contact_delete
  after delete on public.activities
  referencing old table as old_rows
  for each statement execute function public.tg_activities__touch_contact();
