-- Admin: change a user's role. Not one's own (an admin cannot lock the last
-- admin out by accident). Audited by the users triggers.
create or replace function api.user_set_role(p_user_id uuid, p_role public.user_role)
returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can change roles.';
  end if;
  if p_user_id = auth.user_id() then
    raise exception using errcode = 'MLVAL', message = 'You cannot change your own role.', column = 'role';
  end if;
  update public.users set role = p_role where id = p_user_id and not is_system;
  if not found then
    raise exception using errcode = 'MLVAL', message = 'No such user.', column = 'role';
  end if;
end
$$;
revoke all on function api.user_set_role(uuid, public.user_role) from public;
grant execute on function api.user_set_role(uuid, public.user_role) to mlm_app;
comment on function api.user_set_role(uuid, public.user_role) is
  'Changes a user''s role (not one''s own); audited. Admins only: refuses MLDNY and MLVAL (one''s '
  'own role, no such user).';
