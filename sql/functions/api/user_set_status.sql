-- Admin: suspend, reactivate or deactivate a user (not oneself). A user who
-- is not active cannot sign in, and their open sessions see nothing.
create or replace function api.user_set_status(p_user_id uuid, p_status public.user_status)
returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can change a user''s status.';
  end if;
  if p_user_id = auth.user_id() then
    raise exception using errcode = 'MLVAL', message = 'You cannot change your own status.', column = 'status';
  end if;
  update public.users
     set status = p_status,
         login_attempts = case when p_status = 'active' then 0 else login_attempts end,
         locked_until = case when p_status = 'active' then null else locked_until end
   where id = p_user_id and not is_system;
  if not found then
    raise exception using errcode = 'MLVAL', message = 'No such user.', column = 'status';
  end if;
end
$$;
revoke all on function api.user_set_status(uuid, public.user_status) from public;
grant execute on function api.user_set_status(uuid, public.user_status) to mlm_app;
comment on function api.user_set_status(uuid, public.user_status) is
  'Suspends, reactivates or deactivates a user (not oneself); a user who is not active cannot sign '
  'in. Admins only: refuses MLDNY and MLVAL (one''s own status, no such user).';
