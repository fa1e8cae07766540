-- A contact list's WHERE clause (search, count, export, the board) as SQL
-- text over fixed placeholders, in two parts: scope_sql (whose contacts:
-- the owner, or given ids; 'true' for everyone) and cond_sql (the filters
-- and the search text; null when there are none); where_sql is both. The
-- values to bind:
--   $1 tsquery   $2 email pattern  $3 phone digits pattern  $4 tag word
--   $5 owner     $6 status         $7 stage                 $8 source
--   $9 tag       $10 now           $13 ids
-- (the callers bind $11/$12 for limit/offset). Only the conditions asked
-- for appear, so each EXECUTE is planned for exactly its filters.
--
-- The search text matches when every word is the beginning of a word of the
-- name, company, title, email (its letters), phone (its digits) or notes
-- (search_vector), or the text occurs in the email (typed with @ . or
-- digits), or its digits occur in the phone number, or it is a tag.
-- Who sees which contacts is not decided here: api.contact_search_ids and
-- api.contact_count add the matrix's rule, and the rows themselves are read
-- under RLS. A distributor's scope is always its own id (what RLS keeps
-- anyway), so the per-owner indexes serve its searches.
create or replace function api.contact_search_where(
  p_query text default null, p_owner_id uuid default null,
  p_tag text default null, p_follow_up text default null,
  p_status public.contact_status default null, p_stage public.pipeline_stage default null,
  p_source public.contact_source default null, p_ids uuid[] default null,
  out where_sql text, out scope_sql text, out cond_sql text, out tsq tsquery, out email_pattern text,
  out digits_pattern text, out word text, out owner_id uuid, out tag text)
language plpgsql stable
set search_path = ''
as $$
declare
  v_q      text := left(btrim(coalesce(p_query, '')), 100);
  v_terms  text;
  v_digits text := pg_catalog.regexp_replace(v_q, '\D', '', 'g');
  v_any    text[] := '{}';
  v_scope  text[] := '{}';
  v_cond   text[] := '{}';
begin
  owner_id := case when auth.has_role('distributor') then auth.user_id() else p_owner_id end;
  if p_owner_id is not null and owner_id is distinct from p_owner_id then
    v_scope := v_scope || 'false'::text;  -- a distributor asking for someone else's contacts
  end if;
  if owner_id is not null then v_scope := v_scope || 'c.owner_id = $5'::text; end if;
  if p_ids is not null then v_scope := v_scope || 'c.id = any ($13)'::text; end if;

  if v_q <> '' then
    select string_agg(pg_catalog.quote_literal(w) || ':*', ' & ')
      into v_terms
      from pg_catalog.regexp_split_to_table(lower(v_q), '\s+') as w
     where w ~ '[[:alnum:]]';
    if v_terms is not null then
      tsq := pg_catalog.to_tsquery('simple', v_terms);
      if pg_catalog.numnode(tsq) > 0 then
        v_any := v_any || 'c.search_vector @@ $1'::text;
      end if;
    end if;
    if length(v_q) >= 3 and v_q !~ '\s' and (v_q ~ '[@.]' or (v_q ~ '[0-9]' and v_q ~ '[[:alpha:]]')) then
      email_pattern := '%' || pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
                         v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
      v_any := v_any || 'c.email ilike $2'::text;
    end if;
    if length(v_digits) >= 4 and v_q ~ '^[0-9 +().\-/]+$' then
      digits_pattern := '%' || v_digits || '%';
      v_any := v_any || $c$pg_catalog.regexp_replace(c.phone, '\D', '', 'g') like $3$c$::text;
    end if;
    if v_q !~ '\s' then
      word := lower(v_q);
      v_any := v_any || 'c.tags @> array[$4]'::text;
    end if;
    v_cond := v_cond || case when cardinality(v_any) = 0 then 'false'
                             else '(' || array_to_string(v_any, ' or ') || ')' end;
  end if;

  if p_status is not null then v_cond := v_cond || 'c.status = $6'::text; end if;
  if p_stage is not null then v_cond := v_cond || 'c.stage = $7'::text; end if;
  if p_source is not null then v_cond := v_cond || 'c.source = $8'::text; end if;
  if nullif(btrim(p_tag), '') is not null then
    tag := lower(btrim(p_tag));
    v_cond := v_cond || 'c.tags @> array[$9]'::text;
  end if;
  v_cond := v_cond || case p_follow_up
    when 'overdue' then 'c.next_follow_up < $10'
    when 'today' then $c$c.next_follow_up < (pg_catalog.date_trunc('day', $10 at time zone 'UTC') + interval '1 day') at time zone 'UTC'$c$
    when 'week' then $c$c.next_follow_up < (pg_catalog.date_trunc('day', $10 at time zone 'UTC') + interval '8 days') at time zone 'UTC'$c$
    when 'none' then 'c.next_follow_up is null'
    end;

  scope_sql := coalesce(nullif(array_to_string(v_scope, ' and '), ''), 'true');
  cond_sql := nullif(array_to_string(v_cond, ' and '), '');
  where_sql := scope_sql || coalesce(' and ' || cond_sql, '');
end
$$;
revoke all on function api.contact_search_where(text, uuid, text, text, public.contact_status,
  public.pipeline_stage, public.contact_source, uuid[]) from public;
grant execute on function api.contact_search_where(text, uuid, text, text, public.contact_status,
  public.pipeline_stage, public.contact_source, uuid[]) to mlm_app, mlm_definer;
comment on function api.contact_search_where(text, uuid, text, text, public.contact_status,
  public.pipeline_stage, public.contact_source, uuid[]) is
  'A contact list''s WHERE clause as SQL text over fixed placeholders (scope and conditions), for '
  'the search, count, export and board. Any signed-in user; decides no visibility itself.';
