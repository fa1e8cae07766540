-- Keeps contacts.lead_score the sum of the contact's rule points (and
-- lead_score_on the UTC date it was computed for) on every insert and update.
-- The same count as public.lead_score_parts (which explains a score; a test
-- holds the two equal), written out here because a function call per row
-- would cost a 100,000-line import about 30 s. A new row has no activities
-- yet, so an insert counts none. An update made by the score refresh itself
-- (app.score_refresh = 'on', set by api.lead_scores_refresh) is not an edit:
-- it keeps updated_at, so the "recently changed" list does not reshuffle.
create or replace function public.tg_contacts__lead_score()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_today date := (public.app_now() at time zone 'UTC')::date;
begin
  -- Two statements, not one with a switch: each keeps one cached plan (a
  -- switch in the query made PostgreSQL plan it again for every row).
  if tg_op = 'INSERT' then
    select coalesce(sum(case when r.max_points is null then r.points * q.n
                             else pg_catalog.sign(r.points)::integer * least(abs(r.points * q.n), r.max_points)
                        end), 0)
      into new.lead_score
      from public.lead_score_rules r
      cross join lateral (
        select case r.kind
                 when 'source' then (new.source::text = r.match)::integer
                 when 'stage' then (new.stage::text = r.match)::integer
                 when 'status' then (new.status::text = r.match)::integer
                 when 'tag' then (r.match = any (new.tags))::integer
                 when 'activity' then 0
                 when 'inactive_week' then greatest(0,
                   (v_today - (coalesce(new.last_activity_at, new.created_at) at time zone 'UTC')::date) / 7)
               end as n
      ) q
     where r.is_active and q.n > 0;
  else
    if pg_catalog.current_setting('app.score_refresh', true) = 'on' then
      new.updated_at := old.updated_at;
    end if;
    select coalesce(sum(case when r.max_points is null then r.points * q.n
                             else pg_catalog.sign(r.points)::integer * least(abs(r.points * q.n), r.max_points)
                        end), 0)
      into new.lead_score
      from public.lead_score_rules r
      cross join lateral (
        select case r.kind
                 when 'source' then (new.source::text = r.match)::integer
                 when 'stage' then (new.stage::text = r.match)::integer
                 when 'status' then (new.status::text = r.match)::integer
                 when 'tag' then (r.match = any (new.tags))::integer
                 when 'activity' then (select count(*)::integer from public.activities a
                                        where a.contact_id = new.id and a.type::text = r.match)
                 when 'inactive_week' then greatest(0,
                   (v_today - (coalesce(new.last_activity_at, new.created_at) at time zone 'UTC')::date) / 7)
               end as n
      ) q
     where r.is_active and q.n > 0;
  end if;
  new.lead_score_on := v_today;
  return new;
end
$$;
revoke all on function public.tg_contacts__lead_score() from public;

create or replace trigger _200_lead_score
  before insert or update on public.contacts
  for each row execute function public.tg_contacts__lead_score();
