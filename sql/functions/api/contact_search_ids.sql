-- The ids of one page of a contact list, in the list's order (the search
-- itself; api.contact_search then reads those rows under RLS).
--
-- Security definer, for speed, on purpose: under RLS PostgreSQL may use an
-- index only for leakproof conditions, and text search (@@), trigram LIKE,
-- array containment and enum equality are not leakproof, so every search
-- would read the caller's contacts one by one (seconds at a million). Here
-- the matrix's rule for contacts is applied explicitly instead (its own
-- contacts for a distributor; all for managers, auditors and admins; none
-- for anyone else: private.crm_visible_sql), and only ids leave:
-- api.contact_search reads the rows with RLS, which would drop anything this
-- rule let through by mistake. Tested like a policy
-- (tests/sql/test_crm_search_access.py).
--
-- The work stays bounded at a million contacts. With filters or search
-- text, it first reads the first 5,000 of the caller's contacts in the
-- list's order (an index holds that order, per owner and overall) and keeps
-- those that match: a common word or filter fills the page there. When they
-- do not, the conditions are selective, and their own indexes (GIN on the
-- search vector and tags, trigrams on email and phone digits, stage, follow-
-- up) find the few matches, which are then sorted. The planner alone,
-- trusting its estimate for a prefix search, would walk the whole ordered
-- index for a rare word.
create or replace function api.contact_search_ids(
  p_query text default null, p_owner_id uuid default null,
  p_tag text default null, p_follow_up text default null,
  p_status public.contact_status default null, p_stage public.pipeline_stage default null,
  p_source public.contact_source default null, p_sort text default 'updated',
  p_limit integer default 50, p_offset integer default 0, p_ids uuid[] default null)
returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  w        record;
  v_ids    uuid[];
  v_read   integer;
  v_first  constant integer := 5000;
  v_limit  integer := least(greatest(coalesce(p_limit, 50), 1), 100001);
  v_offset integer := greatest(coalesce(p_offset, 0), 0);
  v_order  text := case p_sort
    when 'name' then 'c.name, c.id'
    when 'score' then 'c.lead_score desc, c.updated_at desc, c.id'
    when 'follow_up' then 'c.next_follow_up, c.id'
    else 'c.updated_at desc, c.id' end;
  -- The same order on expressions no index holds, for the selective path.
  v_sorted text := case p_sort
    when 'name' then '(c.name || ''''), c.id'
    when 'score' then '(c.lead_score + 0) desc, c.updated_at desc, c.id'
    when 'follow_up' then '(c.next_follow_up + interval ''0 s''), c.id'
    else '(c.updated_at + interval ''0 s'') desc, c.id' end;
begin
  select * into w from api.contact_search_where(p_query, p_owner_id, p_tag, p_follow_up,
                                                 p_status, p_stage, p_source, p_ids);
  if w.cond_sql is not null and v_offset + v_limit <= v_first then
    execute pg_catalog.format(
      'select (array_agg(c.id order by %s) filter (where %s))[$12 + 1 : $12 + $11], count(*)'
      '  from (select * from public.contacts c where (%s) and %s order by %s limit %s) c',
      v_order, w.cond_sql, private.crm_visible_sql(), w.scope_sql, v_order, v_first)
      into v_ids, v_read
      using w.tsq, w.email_pattern, w.digits_pattern, w.word, w.owner_id, p_status, p_stage, p_source,
            w.tag, public.app_now(), v_limit, v_offset, p_ids;
    if coalesce(cardinality(v_ids), 0) = v_limit or v_read < v_first then
      return coalesce(v_ids, '{}');
    end if;
    perform pg_catalog.set_config('enable_seqscan', 'off', true);
    v_order := v_sorted;
  end if;
  execute pg_catalog.format(
    'select array(select c.id from public.contacts c where (%s) and %s order by %s limit $11 offset $12)',
    private.crm_visible_sql(), w.where_sql, v_order)
    into v_ids
    using w.tsq, w.email_pattern, w.digits_pattern, w.word, w.owner_id, p_status, p_stage, p_source,
          w.tag, public.app_now(), v_limit, v_offset, p_ids;
  perform pg_catalog.set_config('enable_seqscan', 'on', true);
  return v_ids;
end
$$;
alter function api.contact_search_ids(text, uuid, text, text, public.contact_status, public.pipeline_stage,
  public.contact_source, text, integer, integer, uuid[]) owner to mlm_definer;
revoke all on function api.contact_search_ids(text, uuid, text, text, public.contact_status, public.pipeline_stage,
  public.contact_source, text, integer, integer, uuid[]) from public;
grant execute on function api.contact_search_ids(text, uuid, text, text, public.contact_status, public.pipeline_stage,
  public.contact_source, text, integer, integer, uuid[]) to mlm_app;
comment on function api.contact_search_ids(text, uuid, text, text, public.contact_status,
  public.pipeline_stage, public.contact_source, text, integer, integer, uuid[]) is
  'The ids of one page of a contact list in its order, found through the indexes with the '
  'contract''s visibility rule applied here (only ids leave; api.contact_search reads the rows '
  'under RLS). Any signed-in user.';
