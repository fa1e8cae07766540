-- Whether p_distributor is in the acting user's sponsor downline (not the
-- user itself: genealogy_paths has no self rows). Definer, so the answer
-- does not depend on the genealogy_paths policies (which call it).
create or replace function auth.in_downline(p_distributor uuid) returns boolean
language sql stable parallel safe security definer
set search_path = ''
as $$
  select exists (
    select from public.genealogy_paths g
     where g.ancestor_id = auth.user_id()
       and g.descendant_id = p_distributor
       and g.path_type = 'sponsor')
$$;
alter function auth.in_downline(uuid) owner to mlm_definer;
revoke all on function auth.in_downline(uuid) from public;
grant execute on function auth.in_downline(uuid) to mlm_app;
comment on function auth.in_downline(uuid) is
  'Whether a distributor is in the acting user''s sponsor downline (not the user itself). A policy '
  'helper (definer, so the genealogy_paths policies that call it do not decide its answer).';
