-- The next order number: 'SO-', the UTC year, '-', and the next value of one
-- sequence with at least six digits (SO-2026-000123). Readable, unique,
-- and never reused: numbers a DBA or an import already took are skipped.
-- A sequence, not max()+1, so two orders being placed never wait for each other.
create or replace function private.order_number_next()
returns text
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_number text;
begin
  loop
    v_number := 'SO-' || to_char(public.app_now() at time zone 'UTC', 'YYYY') || '-'
                || lpad(nextval('private.order_number_seq')::text, 6, '0');
    exit when not exists (select from public.orders where order_number = v_number);
  end loop;
  return v_number;
end
$$;
alter function private.order_number_next() owner to mlm_definer;
revoke all on function private.order_number_next() from public;
comment on function private.order_number_next() is
  'The next order number, ''SO-'', the UTC year and a sequence of at least six digits; never '
  'reused, and numbers already taken are skipped.';
