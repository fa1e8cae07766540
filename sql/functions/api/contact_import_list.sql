-- The caller's imports (staff: everyone's), newest first.
create or replace function api.contact_import_list(p_limit integer default 50, p_offset integer default 0)
returns table (id uuid, owner_name text, file_name varchar, row_count integer, status text,
               progress_done integer, created_count integer, updated_count integer, skipped_count integer,
               rejected_count integer, created_at timestamptz, finished_at timestamptz)
language sql stable
set search_path = ''
as $$
  select i.id, coalesce(nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), ''), u.email::text),
         i.file_name, i.row_count, i.status, i.progress_done, i.created_count, i.updated_count,
         i.skipped_count, i.rejected_count, i.created_at, i.finished_at
    from public.contact_imports i
    left join public.users u on u.id = i.owner_id
   order by i.created_at desc, i.id
   limit least(greatest(coalesce(p_limit, 50), 1), 200) offset greatest(coalesce(p_offset, 0), 0)
$$;
revoke all on function api.contact_import_list(integer, integer) from public;
grant execute on function api.contact_import_list(integer, integer) to mlm_app;
comment on function api.contact_import_list(integer, integer) is
  'The caller''s contact imports (staff: everyone''s), newest first. Any signed-in user (RLS).';
