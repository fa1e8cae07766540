-- A page of the caller's contact list: search text, filters and a sort
-- (updated, name, score, follow_up); see api.contact_search_where. The page
-- is found by api.contact_search_ids (indexes, the matrix's rule) and its
-- rows are read here under RLS. p_limit is capped at 100,001 (the export
-- asks for one more than it may write, to know).
create or replace function api.contact_search(
  p_query text default null, p_owner_id uuid default null,
  p_tag text default null, p_follow_up text default null,
  p_status public.contact_status default null, p_stage public.pipeline_stage default null,
  p_source public.contact_source default null, p_sort text default 'updated',
  p_limit integer default 50, p_offset integer default 0, p_ids uuid[] default null)
returns table (id uuid, owner_id uuid, owner_name text, first_name varchar, last_name varchar,
               name text, email varchar, phone varchar, company varchar, title varchar,
               source public.contact_source, status public.contact_status, stage public.pipeline_stage,
               tags text[], notes text, lead_score integer, last_activity_at timestamptz,
               next_follow_up timestamptz, converted_at timestamptz, created_at timestamptz,
               updated_at timestamptz)
language sql stable
set search_path = ''
as $$
  select c.id, c.owner_id,
         coalesce(nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), ''), u.email::text),
         c.first_name, c.last_name, c.name, c.email, c.phone, c.company, c.title, c.source, c.status,
         c.stage, c.tags, c.notes, c.lead_score, c.last_activity_at, c.next_follow_up, c.converted_at,
         c.created_at, c.updated_at
    from unnest(api.contact_search_ids(p_query, p_owner_id, p_tag, p_follow_up, p_status, p_stage, p_source,
                                       p_sort, p_limit, p_offset, p_ids)) with ordinality as k (id, n)
    join public.contacts c on c.id = k.id
    left join public.users u on u.id = c.owner_id
   order by k.n
$$;
revoke all on function api.contact_search(text, uuid, text, text, public.contact_status, public.pipeline_stage,
  public.contact_source, text, integer, integer, uuid[]) from public;
grant execute on function api.contact_search(text, uuid, text, text, public.contact_status, public.pipeline_stage,
  public.contact_source, text, integer, integer, uuid[]) to mlm_app;
comment on function api.contact_search(text, uuid, text, text, public.contact_status,
  public.pipeline_stage, public.contact_source, text, integer, integer, uuid[]) is
  'A page of the caller''s contact list by search text, filters and sort (ids from '
  'api.contact_search_ids, rows read under RLS). Any signed-in user.';
