-- The acting user when it is signed in and active; otherwise MLDNY with
-- p_message. For definer functions that act on the caller's own account.
create or replace function private.signed_in_user(p_message text)
returns uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if auth.user_id() is null or auth.user_role() is null then
    raise exception using errcode = 'MLDNY', message = p_message;
  end if;
  return auth.user_id();
end
$$;
alter function private.signed_in_user(text) owner to mlm_definer;
revoke all on function private.signed_in_user(text) from public;
comment on function private.signed_in_user(text) is
  'The acting user when signed in and active; refuses MLDNY with the given message otherwise. For '
  'definer functions acting on the caller''s own account.';
