-- Use a backup code once: true when its hash was among the user's and has
-- now been struck out.
create or replace function api.login_backup_code_use(p_user_id uuid, p_code_hash text)
returns boolean
language sql volatile security definer
set search_path = ''
as $$
  with used as (
    update private.user_credentials c
       set backup_code_hashes = pg_catalog.array_remove(c.backup_code_hashes, p_code_hash),
           updated_at = public.app_now()
     where c.user_id = p_user_id
       and p_code_hash = any (c.backup_code_hashes)
       -- a locked or suspended account passes no second factor either
       and exists (select from public.users u
                    where u.id = c.user_id and u.status = 'active'
                      and (u.locked_until is null or u.locked_until <= public.app_now()))
       and auth.user_id() is null
    returning 1)
  select exists (select from used)
$$;
alter function api.login_backup_code_use(uuid, text) owner to mlm_definer;
revoke all on function api.login_backup_code_use(uuid, text) from public;
grant execute on function api.login_backup_code_use(uuid, text) to mlm_app;
comment on function api.login_backup_code_use(uuid, text) is
  'Uses a two-factor backup code once: true when its hash was among the user''s and is now struck '
  'out; false while the account is locked or not active. Sign-in (anonymous caller).';
