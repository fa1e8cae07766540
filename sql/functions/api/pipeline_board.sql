-- The pipeline board: one row per stage (in the enum's order) with how many
-- of the owner's contacts are in it (api.contact_count: exact up to 1,000,
-- else a lower bound the board shows as "1,000+") and its first p_per_column
-- cards: open stages hottest first
-- (lead score, then latest change), Won and Lost latest first. p_owner_id
-- null: every contact the caller may see (staff); a distributor always gets
-- its own. p_query narrows like the list's search (api.contact_search).
create or replace function api.pipeline_board(p_owner_id uuid default null, p_query text default null,
                                              p_per_column integer default 50)
returns table (stage public.pipeline_stage, label text, total bigint, exact boolean, cards jsonb)
language plpgsql stable
set search_path = ''
as $$
declare
  v_stage public.pipeline_stage;
  v_limit integer := least(greatest(coalesce(p_per_column, 50), 1), 200);
begin
  foreach v_stage in array enum_range(null::public.pipeline_stage) loop
    stage := v_stage;
    label := public.stage_label(v_stage);
    select n.total, n.exact into total, exact
      from api.contact_count(p_query => p_query, p_owner_id => p_owner_id, p_stage => v_stage, p_cap => 1000) n;
    select coalesce(jsonb_agg(jsonb_build_object(
             'id', s.id, 'name', coalesce(nullif(s.name, ''), s.email, s.phone, s.company),
             'company', s.company, 'lead_score', s.lead_score, 'next_follow_up', s.next_follow_up,
             'owner_id', s.owner_id, 'owner_name', s.owner_name, 'lost_reason', s.lost_reason, 'tags', s.tags)
             order by s.n), '[]')
      into cards
      from (select r.*, row_number() over () as n, k.lost_reason
              from api.contact_search(p_query => p_query, p_owner_id => p_owner_id, p_stage => v_stage,
                                      p_sort => case when v_stage in ('closed_won', 'closed_lost') then 'updated'
                                                     else 'score' end,
                                      p_limit => v_limit) r
              join public.contacts k on k.id = r.id) s;
    return next;
  end loop;
end
$$;
revoke all on function api.pipeline_board(uuid, text, integer) from public;
grant execute on function api.pipeline_board(uuid, text, integer) to mlm_app;
comment on function api.pipeline_board(uuid, text, integer) is
  'The pipeline board: per stage, how many of the owner''s contacts are in it and its first cards '
  '(open stages hottest first). Any signed-in user; a distributor always gets its own contacts, '
  'staff any owner or all (RLS).';
