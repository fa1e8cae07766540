-- Bring stored lead scores up to date; returns how many changed.
-- Nightly (p_all false): only contacts whose "weeks without activity" count
-- moved since the date their score was computed for. After a rule change
-- (p_all true): every contact whose score differs from what the rules say.
-- Either way a refresh is not an edit: updated_at stays
-- (tg_contacts__lead_score). Run by jobs as the system user (an admin).
create or replace function api.lead_scores_refresh(p_all boolean default false)
returns integer
language plpgsql volatile
set search_path = ''
as $$
declare
  v_today date := (public.app_now() at time zone 'UTC')::date;
  v_n     integer;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin (or the system) refreshes lead scores.';
  end if;
  perform pg_catalog.set_config('app.score_refresh', 'on', true);
  if p_all then
    update public.contacts c set lead_score = c.lead_score
     where c.lead_score is distinct from
           (select coalesce(sum(p.points), 0) from public.lead_score_parts(c) p);
  else
    update public.contacts c set lead_score = c.lead_score
     where c.lead_score_on is distinct from v_today
       and (c.lead_score_on is null
            or (v_today - (coalesce(c.last_activity_at, c.created_at) at time zone 'UTC')::date) / 7
               <> greatest(0, c.lead_score_on - (coalesce(c.last_activity_at, c.created_at) at time zone 'UTC')::date) / 7);
  end if;
  get diagnostics v_n = row_count;
  perform pg_catalog.set_config('app.score_refresh', '', true);
  return v_n;
end
$$;
revoke all on function api.lead_scores_refresh(boolean) from public;
grant execute on function api.lead_scores_refresh(boolean) to mlm_app;
comment on function api.lead_scores_refresh(boolean) is
  'Brings stored lead scores up to date (nightly: the contacts whose weeks without activity moved; '
  'p_all: every contact whose score differs); returns how many changed. Admins and the system user:'
  ' refuses MLDNY.';
