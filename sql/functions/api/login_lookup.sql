-- Step one of sign-in: the password hash to check, handed out only to an
-- anonymous caller (a sign-in request) and only while the account may sign
-- in now (active, not locked, not the system user). An unknown email gets a
-- row of nulls, so the caller spends the same time either way.
create or replace function api.login_lookup(p_email text)
returns table (user_id uuid, password_hash text, two_factor_enabled boolean)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if auth.user_id() is not null then
    raise exception using errcode = 'MLDNY', message = 'Sign out before signing in again.';
  end if;
  return query
    select u.id,
           case when u.status = 'active' and not u.is_system
                     and (u.locked_until is null or u.locked_until <= public.app_now())
                then c.password_hash end,
           u.two_factor_enabled
      from (select 1) as one
      -- operator(public.=): with an empty search_path a bare = would compare as text, case-sensitively.
      left join public.users u on u.email operator(public.=) p_email::public.citext
      left join private.user_credentials c on c.user_id = u.id;
end
$$;
alter function api.login_lookup(text) owner to mlm_definer;
revoke all on function api.login_lookup(text) from public;
grant execute on function api.login_lookup(text) to mlm_app;
comment on function api.login_lookup(text) is
  'Step one of sign-in: the password hash to check, only while the account may sign in (active, not'
  ' locked, not the system user); an unknown email gets nulls. Anonymous callers only: refuses '
  'MLDNY to a signed-in caller.';
