-- Tags as stored: lower case, trimmed, inner spaces as '-', no empties, no
-- repeats (first occurrence kept, in order). PL/pgSQL so its plan is kept
-- (it runs once per imported line).
create or replace function public.tags_normalize(p_tags text[])
returns text[]
language plpgsql immutable parallel safe
set search_path = ''
as $$
begin
  return (select coalesce(array_agg(t order by first_at), '{}')
            from (select t, min(i) as first_at
                    from unnest(p_tags) with ordinality as u (raw, i)
                    cross join lateral (select pg_catalog.regexp_replace(lower(btrim(u.raw)), '\s+', '-', 'g') as t) n
                   where n.t <> ''
                   group by t) s);
end
$$;
revoke all on function public.tags_normalize(text[]) from public;
grant execute on function public.tags_normalize(text[]) to mlm_app, mlm_definer;
comment on function public.tags_normalize(text[]) is
  'Tags as stored: lower case, trimmed, inner spaces as ''-'', no empties, no repeats. Immutable; '
  'callable by the app role.';
