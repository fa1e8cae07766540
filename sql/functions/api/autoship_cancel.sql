-- One-click cancel (a distributor: autoships of its own customers; support
-- and admins: any). Cancelling twice is not an error. Orders already placed
-- stay as they are.
create or replace function api.autoship_cancel(p_autoship_id uuid)
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
  update public.autoships a
     set status = 'cancelled', cancelled_at = public.app_now(), cancelled_by = auth.user_id()
   where a.id = p_autoship_id and a.status <> 'cancelled';
end
$$;
alter function api.autoship_cancel(uuid) owner to mlm_definer;
revoke all on function api.autoship_cancel(uuid) from public;
grant execute on function api.autoship_cancel(uuid) to mlm_app;
comment on function api.autoship_cancel(uuid) is
  'Cancels an autoship (one click; twice is not an error); orders already placed stay. A '
  'distributor for its own customers, support and admins for any; refuses MLDNY (other roles, or an'
  ' autoship that is not the caller''s).';
