-- Why a contact has its lead score: the rules that count for it now, with
-- how often and the points each gives (their sum is the score).
create or replace function api.contact_score(p_contact_id uuid)
returns table (label text, kind text, match text, quantity integer, per_unit integer, points integer)
language sql stable
set search_path = ''
as $$
  select p.label, p.kind, p.match, p.quantity, p.per_unit, p.points
    from public.contacts c
    cross join lateral public.lead_score_parts(c) p
   where c.id = p_contact_id
$$;
revoke all on function api.contact_score(uuid) from public;
grant execute on function api.contact_score(uuid) to mlm_app;
comment on function api.contact_score(uuid) is
  'Why a contact has its lead score: the rules that count for it, how often, and the points each '
  'gives. Any signed-in user who may see the contact (RLS).';
