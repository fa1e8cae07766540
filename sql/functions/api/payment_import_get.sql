-- Recent payment imports (p_id: one), newest first, with each row's outcome
-- (support, finance, auditors and admins; RLS).
create or replace function api.payment_import_get(p_id uuid default null, p_limit integer default 20)
returns table (id uuid, source text, imported_by_email text, row_count integer, recorded integer, skipped integer,
               failed integer, results jsonb, created_at timestamptz)
language sql stable
set search_path = ''
as $$
  select i.id, i.source::text, u.email::text, i.row_count, i.recorded, i.skipped, i.failed, i.results, i.created_at
    from public.payment_imports i
    left join public.users u on u.id = i.imported_by
   where p_id is null or i.id = p_id
   order by i.created_at desc
   limit least(greatest(coalesce(p_limit, 20), 1), 200)
$$;
revoke all on function api.payment_import_get(uuid, integer) from public;
grant execute on function api.payment_import_get(uuid, integer) to mlm_app;
comment on function api.payment_import_get(uuid, integer) is
  'Recent payment imports (or one) with each row''s outcome. Support, finance, auditors and admins '
  '(RLS).';
