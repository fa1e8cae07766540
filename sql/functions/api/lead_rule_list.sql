-- The lead-score rules, in the order the score explains them.
create or replace function api.lead_rule_list()
returns table (id uuid, kind text, match text, label varchar, points integer, max_points integer,
               is_active boolean, updated_at timestamptz)
language sql stable
set search_path = ''
as $$
  select r.id, r.kind, r.match, r.label, r.points, r.max_points, r.is_active, r.updated_at
    from public.lead_score_rules r
   order by r.sort_order, r.label
$$;
revoke all on function api.lead_rule_list() from public;
grant execute on function api.lead_rule_list() to mlm_app;
comment on function api.lead_rule_list() is
  'The lead-score rules, in the order the score explains them. Any signed-in user.';
