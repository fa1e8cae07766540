-- Search a sponsor downline: people whose name holds every word of
-- p_query (case-insensitive; a word of one or two letters must start a
-- first or last name), or whose distributor number starts with p_query, or,
-- for staff only, whose email holds it. A distributor searches its own downline (or
-- the downline of someone in it, p_root) by name and number and never sees,
-- nor matches on, anyone's email; staff search anyone's downline, or the
-- whole company with p_root null. The root itself is not in its results.
-- level: below p_root (1 = its frontline); in a company search, the level in
-- the whole tree. At most p_limit rows (max 100): callers ask one more than
-- they show to know whether to say "more".
--
-- Two plans, whichever reads fewer rows for this downline and these words:
-- - scan the downline (its closure rows) and test each person: cost ~ the
--   downline's size, which the maintained level counts know;
-- - ask the indexes (trigrams of users' name and email, distributors'
--   number by prefix) for candidates and keep those in the downline (one probe each of the
--   closure's primary key), stopping at p_limit: cost ~ the candidates read
--   before p_limit of them turn out to be in the downline, about
--   min(candidates, p_limit x company / downline), the number of
--   candidates being the planner's estimate (EXPLAIN of the name condition,
--   from the statistics of the indexed expression).
-- E.g. "Amara" (12,000 people of a million) under the top of the tree: the
-- first 20 candidates will do; under someone with 1,000 people: their 1,000
-- rows beat 12,000 candidates; a rare name: its few candidates, anywhere.
-- Both return level and name order (the candidate plan sorts its p_limit
-- rows only). Dynamic SQL with the patterns as quoted literals, planned each
-- time for them.
-- Definer: other people's names; the matrix is applied here.
create or replace function api.genealogy_search(p_query text, p_root uuid default null,
                                                p_limit integer default 20)
returns table (user_id uuid, distributor_number text, first_name text, last_name text, email text,
               rank_id text, status public.distributor_status, join_date date, level integer)
language plpgsql
volatile  -- it runs EXPLAIN to choose its plan (not allowed in a stable function); it writes nothing
security definer
set search_path = ''
set jit = off
as $$
declare
  v_staff   boolean := auth.is_staff();
  v_root    uuid := case when v_staff then p_root else coalesce(p_root, auth.user_id()) end;
  v_query   text := pg_catalog.btrim(pg_catalog.regexp_replace(coalesce(p_query, ''), '\s+', ' ', 'g'));
  v_limit   integer := least(greatest(coalesce(p_limit, 20), 1), 100);
  v_like    text;
  v_words   text[];
  v_names   text[] := '{}';
  v_size    bigint;
  v_company numeric;
  v_guess   numeric;
  v_plan    jsonb;
  v_name    text := '(coalesce(u.first_name, '''') || '' '' || coalesce(u.last_name, ''''))';
  v_number  text;
  v_match   text;
begin
  if pg_catalog.length(v_query) < 2 or pg_catalog.length(v_query) > 100 then
    return;
  end if;
  if v_root is null and not v_staff then
    return;
  end if;
  if v_root is not null and not private.genealogy_can_open(v_root) then
    return;
  end if;

  -- LIKE patterns, with the wildcards of the query itself escaped.
  v_like := pg_catalog.regexp_replace(pg_catalog.lower(v_query), '([\\%_])', '\\\1', 'g');
  v_words := pg_catalog.string_to_array(v_like, ' ');
  -- Per word: anywhere in the name (3+ letters, a trigram search), or at the
  -- start of the first or last name (shorter words).
  select array_agg(case when pg_catalog.length(w) >= 3
                        then pg_catalog.format('%s ilike %L', v_name, '%' || w || '%')
                        else pg_catalog.format('(%1$s ilike %2$L or %1$s ilike %3$L)',
                                               v_name, w || '%', '% ' || w || '%') end)
    into v_names
    from unnest(v_words) as w;
  -- A distributor number matches from its start (people type numbers from
  -- the left): a range of the upper(distributor_number) text_pattern_ops index.
  v_number := pg_catalog.format('pg_catalog.upper(d.distributor_number) like %L',
                                pg_catalog.upper(v_like) || '%');
  v_match := pg_catalog.format('((%s) or %s%s)',
                               pg_catalog.array_to_string(v_names, ' and '), v_number,
                               case when v_staff and pg_catalog.length(v_like) >= 3
                                    then pg_catalog.format(' or u.email::text ilike %L', '%' || v_like || '%')
                                    else '' end);

  if v_root is not null then
    select coalesce(sum(lc.members), 0) into v_size
      from private.genealogy_level_counts lc where lc.ancestor_id = v_root;
    select greatest(c.reltuples, 1) into v_company
      from pg_catalog.pg_class c where c.oid = 'public.distributors'::pg_catalog.regclass;
    execute 'explain (format json) select from public.users u where '
            || pg_catalog.array_to_string(v_names, ' and ') into v_plan;
    v_guess := least((v_plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric,
                     v_limit * v_company / greatest(v_size, 1));
  end if;

  if v_root is not null and v_size <= greatest(v_guess, 200) then
    return query execute pg_catalog.format($sql$
      select d.user_id, d.distributor_number::text, u.first_name::text, u.last_name::text,
             case when $3 then u.email::text end, d.rank_id::text, d.status, d.join_date, g.depth
        from public.genealogy_paths g
        join public.distributors d on d.user_id = g.descendant_id
        join public.users u on u.id = d.user_id
       where g.ancestor_id = $1 and g.path_type = 'sponsor'
         and %s
       order by g.depth, u.last_name, u.first_name, d.distributor_number
       limit $2
    $sql$, v_match) using v_root, v_limit, v_staff;
    return;
  end if;

  -- Candidates from the indexes: names (every word), number, email (staff),
  -- streamed (union all, no sort) so that p_limit hits end the reading.
  return query execute pg_catalog.format($sql$
    with found as (
      select d.user_id, d.distributor_number, u.first_name, u.last_name, u.email,
             d.rank_id, d.status, d.join_date
        from (select u.id from public.users u where %1$s
              union all
              select d.user_id from public.distributors d where %2$s
              %3$s) c
        join public.distributors d on d.user_id = c.id
        join public.users u on u.id = d.user_id
       where $1 is null
          or exists (select from public.genealogy_paths g
                      where g.ancestor_id = $1 and g.descendant_id = d.user_id and g.path_type = 'sponsor')
       limit $2
    )
    select distinct on (f.level, f.last_name, f.first_name, f.distributor_number)
           f.user_id, f.distributor_number::text, f.first_name::text, f.last_name::text,
           case when $3 then f.email::text end, f.rank_id::text, f.status, f.join_date, f.level
      from (select f.*,
                   case when $1 is null
                        then coalesce((select max(a.depth) from public.genealogy_paths a
                                        where a.descendant_id = f.user_id and a.path_type = 'sponsor'), 0)
                        else (select g.depth from public.genealogy_paths g
                               where g.ancestor_id = $1 and g.descendant_id = f.user_id and g.path_type = 'sponsor')
                   end as level
              from found f) f
     order by f.level, f.last_name, f.first_name, f.distributor_number
  $sql$,
  pg_catalog.array_to_string(v_names, ' and '),
  v_number,
  case when v_staff and pg_catalog.length(v_like) >= 3
       then pg_catalog.format('union all select u.id from public.users u where u.email::text ilike %L',
                              '%' || v_like || '%')
       else '' end)
  using v_root, v_limit, v_staff;
end
$$;
alter function api.genealogy_search(text, uuid, integer) owner to mlm_definer;
revoke all on function api.genealogy_search(text, uuid, integer) from public;
grant execute on function api.genealogy_search(text, uuid, integer) to mlm_app;
comment on function api.genealogy_search(text, uuid, integer) is
  'Searches a sponsor downline by name words or distributor number prefix (and, for staff only, '
  'email), choosing the cheaper of scanning the downline or probing the indexes; at most p_limit '
  'rows. A distributor within its own downline; staff within anyone''s or the whole company; no '
  'rows otherwise.';
