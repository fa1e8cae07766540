-- How many contacts the caller sees match a list's filters: `total`, exact
-- when `exact`, else a lower bound (the page says "more than ..."). Counting
-- stops at p_cap + 1. With filters or search text, as api.contact_search_ids:
-- the matches among the first 5,000 candidates are counted first; when all
-- candidates were read that is the answer, when they already hold more than
-- p_cap it is "more than p_cap", when they hold a page or more (a common
-- word: counting exactly would read far too much) it is "more than that
-- many"; only a selective condition is counted exactly, through its indexes.
-- Security definer for the same reason and with the same rule as
-- api.contact_search_ids; it returns numbers only.
create or replace function api.contact_count(
  p_query text default null, p_owner_id uuid default null,
  p_tag text default null, p_follow_up text default null,
  p_status public.contact_status default null, p_stage public.pipeline_stage default null,
  p_source public.contact_source default null, p_cap integer default 1000,
  out total bigint, out exact boolean)
language plpgsql stable security definer
set search_path = ''
as $$
declare
  w       record;
  v_first constant integer := 5000;
  v_cap   integer := least(greatest(coalesce(p_cap, 1000), 1), 1000000);
  v_read  integer;
begin
  select * into w from api.contact_search_where(p_query, p_owner_id, p_tag, p_follow_up,
                                                 p_status, p_stage, p_source, null);
  if w.cond_sql is not null then
    execute pg_catalog.format(
      'select count(*) filter (where %s), count(*)'
      '  from (select * from public.contacts c where (%s) and %s order by c.updated_at desc, c.id limit %s) c',
      w.cond_sql, private.crm_visible_sql(), w.scope_sql, v_first)
      into total, v_read
      using w.tsq, w.email_pattern, w.digits_pattern, w.word, w.owner_id, p_status, p_stage, p_source,
            w.tag, public.app_now();
    if v_read < v_first then
      exact := total <= v_cap;
      total := least(total, v_cap);
      return;
    end if;
    if total > 50 then
      exact := false;
      total := least(total, v_cap);
      return;
    end if;
    perform pg_catalog.set_config('enable_seqscan', 'off', true);
  end if;
  execute pg_catalog.format(
    'select count(*) from (select from public.contacts c where (%s) and %s limit $11) s',
    private.crm_visible_sql(), w.where_sql)
    into total
    using w.tsq, w.email_pattern, w.digits_pattern, w.word, w.owner_id, p_status, p_stage, p_source,
          w.tag, public.app_now(), v_cap + 1;
  perform pg_catalog.set_config('enable_seqscan', 'on', true);
  exact := total <= v_cap;
  total := least(total, v_cap);
end
$$;
alter function api.contact_count(text, uuid, text, text, public.contact_status, public.pipeline_stage,
  public.contact_source, integer) owner to mlm_definer;
revoke all on function api.contact_count(text, uuid, text, text, public.contact_status, public.pipeline_stage,
  public.contact_source, integer) from public;
grant execute on function api.contact_count(text, uuid, text, text, public.contact_status, public.pipeline_stage,
  public.contact_source, integer) to mlm_app;
comment on function api.contact_count(text, uuid, text, text, public.contact_status,
  public.pipeline_stage, public.contact_source, integer) is
  'How many of the contacts the caller sees match a list''s filters: exact, or a lower bound when '
  'counting would read too much (stops at p_cap + 1). Any signed-in user; the contract''s '
  'visibility rule is applied inside (numbers only leave).';
