-- A contact's lead score, rule by rule: which active rules count for it, how
-- many times, and the points each gives (lead_score_rules says what each kind
-- counts). The score is the sum of `points`; the contact page shows the rows
-- as the score's reasons, so the number is never a mystery.
--
-- Invoker: it reads the caller's rules and activities under RLS. The
-- contacts trigger (tg_contacts__lead_score) counts the same way inline, for
-- speed; tests/sql/test_crm_scoring.py holds the two equal. p_activities
-- false counts no activities.
-- "Weeks without activity" counts whole weeks between UTC dates, so a stored
-- score stays right all day (the nightly refresh moves it on).
create or replace function public.lead_score_parts(p_contact public.contacts, p_activities boolean default true)
returns table (rule_id uuid, kind text, match text, label text, quantity integer, per_unit integer,
               points integer)
language plpgsql stable
set search_path = ''
as $$
#variable_conflict use_column
begin
  -- PL/pgSQL, not SQL: its plan is kept for the session, where a SQL
  -- function with a SET clause is planned again on every call (per row of
  -- a 100,000-line import).
  return query
  select r.id, r.kind, r.match, r.label::text, q.n, r.points,
         case when r.max_points is null then r.points * q.n
              else pg_catalog.sign(r.points)::integer * least(abs(r.points * q.n), r.max_points)
         end
    from public.lead_score_rules r
    cross join lateral (
      select case r.kind
               when 'source' then (p_contact.source::text = r.match)::integer
               when 'stage' then (p_contact.stage::text = r.match)::integer
               when 'status' then (p_contact.status::text = r.match)::integer
               when 'tag' then (r.match = any (p_contact.tags))::integer
               when 'activity' then case when p_activities then
                                      (select count(*)::integer from public.activities a
                                        where a.contact_id = p_contact.id and a.type::text = r.match)
                                    else 0 end
               when 'inactive_week' then greatest(0,
                 ((public.app_now() at time zone 'UTC')::date
                  - (coalesce(p_contact.last_activity_at, p_contact.created_at, public.app_now())
                     at time zone 'UTC')::date) / 7)
             end as n
    ) q
   where r.is_active and q.n > 0
   order by r.sort_order, r.label;
end
$$;
revoke all on function public.lead_score_parts(public.contacts, boolean) from public;
grant execute on function public.lead_score_parts(public.contacts, boolean) to mlm_app, mlm_definer;
comment on function public.lead_score_parts(public.contacts, boolean) is
  'A contact''s lead score rule by rule (which active rules count, how often, the points each '
  'gives). Invoker: it reads the caller''s rules and activities under RLS.';
