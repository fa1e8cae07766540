-- The next free distributor number, 'D' and seven digits: one past the
-- highest number of that shape. Callers insert in the same transaction; the
-- advisory lock keeps two enrolments from taking the same number.
create or replace function private.distributor_number_next()
returns text
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_next bigint;
begin
  perform pg_catalog.pg_advisory_xact_lock(private.advisory_lock_key('distributor_number'));
  select coalesce(max(substr(distributor_number, 2)::bigint), 0) + 1 into v_next
    from public.distributors where distributor_number ~ '^D[0-9]{6,12}$';
  return 'D' || lpad(v_next::text, 7, '0');
end
$$;
alter function private.distributor_number_next() owner to mlm_definer;
revoke all on function private.distributor_number_next() from public;
comment on function private.distributor_number_next() is
  'The next free distributor number (''D'' and seven digits), under the distributor_number advisory'
  ' lock so two enrolments never take the same one. For callers that insert in the same '
  'transaction.';
