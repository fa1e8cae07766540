-- Edit the signed-in user's own name and phone (RLS: own row; the guard
-- trigger keeps role, status and email out of reach).
create or replace function api.profile_update_own(p_first_name text, p_last_name text, p_phone text)
returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  if coalesce(btrim(p_first_name), '') = '' then
    raise exception using errcode = 'MLVAL', message = 'Enter your first name.', column = 'first_name';
  end if;
  if coalesce(btrim(p_last_name), '') = '' then
    raise exception using errcode = 'MLVAL', message = 'Enter your last name.', column = 'last_name';
  end if;
  if p_phone is not null and p_phone !~ '^\+?[0-9 ().-]{4,20}$' then
    raise exception using errcode = 'MLVAL', message = 'Enter a phone number of digits, spaces and + ( ) - only.',
                          column = 'phone';
  end if;
  update public.users
     set first_name = btrim(p_first_name), last_name = btrim(p_last_name), phone = nullif(btrim(p_phone), '')
   where id = auth.user_id();
  if not found then
    raise exception using errcode = 'MLDNY', message = 'Sign in to edit your profile.';
  end if;
end
$$;
revoke all on function api.profile_update_own(text, text, text) from public;
grant execute on function api.profile_update_own(text, text, text) to mlm_app;
comment on function api.profile_update_own(text, text, text) is
  'Edits the signed-in user''s own name and phone. The signed-in user only: refuses MLDNY (nobody '
  'signed in) and MLVAL (names, phone).';
