-- Start a failed autoship again (same rights as cancelling): its failures
-- are forgotten and the next order is due today at the earliest (the next
-- daily run). A cancelled autoship stays cancelled: subscribe again instead,
-- with fresh consent.
create or replace function api.autoship_resume(p_autoship_id uuid)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_role public.user_role := auth.user_role();
  v_autoship record;
begin
  if v_role is null or v_role not in ('distributor', 'support', 'admin') then
    raise exception using errcode = 'MLDNY', message = 'Your role does not change autoships.';
  end if;
  select a.id, a.status, c.distributor_id into v_autoship
    from public.autoships a join public.customers c on c.id = a.customer_id
   where a.id = p_autoship_id for update of a;
  if not found or (v_role = 'distributor' and v_autoship.distributor_id <> auth.user_id()) then
    raise exception using errcode = 'MLDNY', message = 'This autoship does not exist or is not yours.';
  end if;
  if v_autoship.status <> 'failed' then
    raise exception using errcode = 'MLVAL', column = 'status',
      message = case when v_autoship.status = 'cancelled'
                     then 'A cancelled autoship cannot restart: set up a new one with the customer''s consent.'
                     else 'This autoship is running.' end;
  end if;
  update public.autoships a
     set status = 'active', failure_count = 0, last_error = null,
         next_run_on = greatest(a.next_run_on, (public.app_now() at time zone 'UTC')::date)
   where a.id = p_autoship_id;
end
$$;
alter function api.autoship_resume(uuid) owner to mlm_definer;
revoke all on function api.autoship_resume(uuid) from public;
grant execute on function api.autoship_resume(uuid) to mlm_app;
comment on function api.autoship_resume(uuid) is
  'Starts a failed autoship again (failures forgotten, next order due today at the earliest); a '
  'cancelled one stays cancelled. Same rights as cancelling; refuses MLDNY (role, not the '
  'caller''s) and MLVAL (not a failed autoship).';
