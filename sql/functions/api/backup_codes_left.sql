-- How many unused backup codes the signed-in user has.
create or replace function api.backup_codes_left()
returns integer
language sql stable security definer
set search_path = ''
as $$
  select coalesce((select cardinality(c.backup_code_hashes) from private.user_credentials c
                    where c.user_id = auth.user_id()), 0)
$$;
alter function api.backup_codes_left() owner to mlm_definer;
revoke all on function api.backup_codes_left() from public;
grant execute on function api.backup_codes_left() to mlm_app;
comment on function api.backup_codes_left() is
  'How many unused two-factor backup codes the signed-in user has. The signed-in user, about itself'
  ' only.';
