-- The next free customer number, 'C' and seven digits: one past the highest
-- number of that shape (the demo loader writes the same shape). Callers insert
-- in the same transaction; the advisory lock keeps two new customers (a staff
-- form, a CRM contact conversion) from taking the same number. Definer: the
-- highest number is over every distributor's customers, not just the caller's.
create or replace function private.customer_number_next()
returns text
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_next bigint;
begin
  perform pg_catalog.pg_advisory_xact_lock(private.advisory_lock_key('customer_number'));
  select coalesce(max(substr(customer_number, 2)::bigint), 0) + 1 into v_next
    from public.customers where customer_number ~ '^C[0-9]{6,12}$';
  return 'C' || lpad(v_next::text, 7, '0');
end
$$;
alter function private.customer_number_next() owner to mlm_definer;
revoke all on function private.customer_number_next() from public;
comment on function private.customer_number_next() is
  'The next free customer number (''C'' and seven digits), under the customer_number advisory lock '
  'so two new customers never take the same one. For callers that insert in the same transaction.';
