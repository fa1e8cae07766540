-- One import with its progress and counts (nothing when not the caller's to see).
create or replace function api.contact_import_get(p_id uuid)
returns table (id uuid, owner_id uuid, owner_name text, created_by uuid, file_name varchar, encoding varchar,
               delimiter varchar, header text[], row_count integer, mapping jsonb, dedupe text,
               default_source public.contact_source, add_tags text[], status text, progress_done integer,
               created_count integer, updated_count integer, skipped_count integer, rejected_count integer,
               error text, queued_at timestamptz, finished_at timestamptz, created_at timestamptz)
language sql stable
set search_path = ''
as $$
  select i.id, i.owner_id,
         coalesce(nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), ''), u.email::text),
         i.created_by, i.file_name, i.encoding, i.delimiter, i.header, i.row_count, i.mapping, i.dedupe,
         i.default_source, i.add_tags, i.status, i.progress_done, i.created_count, i.updated_count,
         i.skipped_count, i.rejected_count, i.error, i.queued_at, i.finished_at, i.created_at
    from public.contact_imports i
    left join public.users u on u.id = i.owner_id
   where i.id = p_id
$$;
revoke all on function api.contact_import_get(uuid) from public;
grant execute on function api.contact_import_get(uuid) to mlm_app;
comment on function api.contact_import_get(uuid) is
  'One contact import with its progress and counts. The import''s owner, or staff (RLS); no row '
  'otherwise.';
