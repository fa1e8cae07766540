-- The acting user's sponsor (null: none, or not a distributor). Definer, so
-- the distributors policy that shows a distributor its sponsor can call it.
create or replace function auth.sponsor_id() returns uuid
language sql stable parallel safe security definer
set search_path = ''
as $$
  select d.sponsor_id from public.distributors d where d.user_id = auth.user_id()
$$;
alter function auth.sponsor_id() owner to mlm_definer;
revoke all on function auth.sponsor_id() from public;
grant execute on function auth.sponsor_id() to mlm_app;
comment on function auth.sponsor_id() is
  'The acting user''s sponsor (null: none, or not a distributor). A policy helper (definer, so the '
  'distributors policy that shows a distributor its sponsor can call it).';
