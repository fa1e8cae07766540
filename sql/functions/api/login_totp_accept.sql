-- Accept a TOTP code's time step once: a step at or before the last
-- accepted one is a replay and is refused (false), whoever sends it.
create or replace function api.login_totp_accept(p_user_id uuid, p_counter bigint)
returns boolean
language sql volatile security definer
set search_path = ''
as $$
  with accepted as (
    update private.user_credentials c
       set totp_last_counter = p_counter, updated_at = public.app_now()
     where c.user_id = p_user_id
       and c.totp_secret is not null
       and coalesce(c.totp_last_counter, -1) < p_counter
       -- a locked or suspended account passes no second factor either
       and exists (select from public.users u
                    where u.id = c.user_id and u.status = 'active'
                      and (u.locked_until is null or u.locked_until <= public.app_now()))
       and auth.user_id() is null
    returning 1)
  select exists (select from accepted)
$$;
alter function api.login_totp_accept(uuid, bigint) owner to mlm_definer;
revoke all on function api.login_totp_accept(uuid, bigint) from public;
grant execute on function api.login_totp_accept(uuid, bigint) to mlm_app;
comment on function api.login_totp_accept(uuid, bigint) is
  'Accepts a TOTP code''s time step once (false for a replay of an earlier or equal step). Refused (false) while the '
  'account is locked or not active. Sign-in (anonymous caller).';
