-- Create (p_id null) or change a lead-score rule (admins: RLS, MLDNY for
-- others). Scores are recomputed by the job the app enqueues after this
-- commits (api.lead_scores_refresh(p_all => true)).
create or replace function api.lead_rule_save(p_id uuid, p_kind text, p_match text, p_label text,
                                              p_points integer, p_max_points integer default null,
                                              p_is_active boolean default true)
returns uuid
language plpgsql volatile
set search_path = ''
as $$
declare
  v_match text := nullif(lower(btrim(p_match)), '');
  v_id    uuid;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can change how lead scores are counted.';
  end if;
  if p_kind is null or p_kind not in ('source', 'stage', 'status', 'tag', 'activity', 'inactive_week') then
    raise exception using errcode = 'MLVAL', message = 'Choose what the rule counts.', column = 'kind';
  end if;
  if p_kind = 'inactive_week' then
    v_match := null;
  elsif v_match is null then
    raise exception using errcode = 'MLVAL', message = 'Say which value the rule counts.', column = 'match';
  elsif p_kind = 'tag' then
    v_match := (public.tags_normalize(array[v_match]))[1];
  elsif not v_match = any (case p_kind
          when 'source' then enum_range(null::public.contact_source)::text[]
          when 'stage' then enum_range(null::public.pipeline_stage)::text[]
          when 'status' then enum_range(null::public.contact_status)::text[]
          when 'activity' then enum_range(null::public.activity_type)::text[] end) then
    raise exception using errcode = 'MLVAL', column = 'match',
      message = pg_catalog.format('"%s" is not a %s.', v_match, replace(p_kind, '_', ' '));
  end if;
  if nullif(btrim(p_label), '') is null or length(btrim(p_label)) > 100 then
    raise exception using errcode = 'MLVAL', message = 'Give the rule a label of at most 100 characters.',
      column = 'label';
  end if;
  if p_points is null or p_points = 0 or p_points not between -100 and 100 then
    raise exception using errcode = 'MLVAL', message = 'Points are a whole number from -100 to 100, not 0.',
      column = 'points';
  end if;
  if p_max_points is not null and p_max_points not between 1 and 1000 then
    raise exception using errcode = 'MLVAL', message = 'A cap is a whole number from 1 to 1000 (or empty).',
      column = 'max_points';
  end if;
  if exists (select from public.lead_score_rules r
              where r.kind = p_kind and r.match is not distinct from v_match and r.id is distinct from p_id) then
    raise exception using errcode = 'MLVAL', message = 'A rule for this already exists: change that one.',
      column = 'match';
  end if;

  if p_id is null then
    insert into public.lead_score_rules (kind, match, label, points, max_points, is_active, sort_order, updated_by)
    values (p_kind, v_match, btrim(p_label), p_points, p_max_points, coalesce(p_is_active, true),
            coalesce((select max(sort_order) + 10 from public.lead_score_rules), 10), auth.user_id())
    returning id into v_id;
  else
    update public.lead_score_rules
       set kind = p_kind, match = v_match, label = btrim(p_label), points = p_points, max_points = p_max_points,
           is_active = coalesce(p_is_active, true), updated_by = auth.user_id()
     where id = p_id
    returning id into v_id;
  end if;
  return v_id;
end
$$;
revoke all on function api.lead_rule_save(uuid, text, text, text, integer, integer, boolean) from public;
grant execute on function api.lead_rule_save(uuid, text, text, text, integer, integer, boolean) to mlm_app;
comment on function api.lead_rule_save(uuid, text, text, text, integer, integer, boolean) is
  'Creates (p_id null) or changes a lead-score rule; scores are recomputed by a job after commit. '
  'Admins only: refuses MLDNY and MLVAL (kind, match value, label, points, cap, a duplicate rule).';
