-- Support, finance and admins import a payment provider's export: p_rows is
-- a JSON array of {"line", "order_number", "amount", "reference",
-- "paid_at", "method", "status"} (the CSV's rows, as text). Each row is
-- recorded on its own (private.order_payment_apply): a row for an order
-- already paid with the same reference is skipped, so importing the same
-- file twice records nothing twice; rows that are not payments (status
-- other than paid/succeeded/completed/captured) are skipped; every other
-- problem fails that row only, with its reason. The import and what became
-- of each row are kept (payment_imports) and audited as one event.
-- Returns the import's id.
create or replace function api.payment_import(p_source text, p_rows jsonb)
returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_row jsonb;
  v_results jsonb := '[]';
  v_outcome text;
  v_message text;
  v_order public.orders;
  v_number text;
  v_amount numeric;
  v_paid_at timestamptz;
  v_method text;
  v_reference text;
  v_status text;
  v_id uuid;
begin
  if not coalesce(auth.user_role() in ('support', 'finance', 'admin'), false) then
    raise exception using errcode = 'MLDNY', message = 'Only support, finance and admins import payments.';
  end if;
  if nullif(btrim(p_source), '') is null or length(btrim(p_source)) > 200 then
    raise exception using errcode = 'MLVAL', message = 'Name the file (at most 200 characters).', column = 'file';
  end if;
  if p_rows is null or jsonb_typeof(p_rows) <> 'array' or jsonb_array_length(p_rows) = 0 then
    raise exception using errcode = 'MLVAL', message = 'The file has no payment rows.', column = 'file';
  end if;
  if jsonb_array_length(p_rows) > 10000 then
    raise exception using errcode = 'MLVAL', message = 'At most 10,000 rows per file.', column = 'file';
  end if;

  for v_row in select e from jsonb_array_elements(p_rows) e loop
    v_number := btrim(coalesce(v_row ->> 'order_number', ''));
    v_reference := btrim(coalesce(v_row ->> 'reference', ''));
    v_status := lower(btrim(coalesce(v_row ->> 'status', 'paid')));
    v_method := lower(btrim(coalesce(nullif(v_row ->> 'method', ''), 'card')));
    v_outcome := 'failed';
    v_message := null;
    begin
      if v_status not in ('paid', 'succeeded', 'success', 'completed', 'captured', '') then
        v_outcome := 'skipped';
        v_message := format('Not a payment (status %s).', left(v_status, 30));
      elsif v_number = '' then
        v_message := 'No order number.';
      else
        select * into v_order from public.orders o where o.order_number = any (array[v_number, upper(v_number)]);
        if not found then
          v_message := 'No order has this number.';
        elsif v_order.payment_status in ('paid', 'refunded') and v_order.payment_reference = v_reference then
          v_outcome := 'skipped';
          v_message := 'Already recorded.';
        else
          if btrim(coalesce(v_row ->> 'amount', '')) !~ '^[0-9]{1,9}(\.[0-9]{1,2})?$' then
            v_message := 'The amount is not a number with at most two decimals.';
          else
            v_amount := btrim(v_row ->> 'amount')::numeric;
            begin
              v_paid_at := nullif(btrim(coalesce(v_row ->> 'paid_at', '')), '')::timestamptz;
            exception when others then
              v_paid_at := null;
              v_message := 'The payment time is not a date and time.';
            end;
            if v_message is null then
              if v_method not in ('card', 'paypal', 'bank_transfer', 'cash', 'check', 'other') then
                v_method := 'other';
              end if;
              perform private.order_payment_apply(v_order.id, v_method, v_reference, v_amount, v_paid_at);
              v_outcome := 'recorded';
              v_message := null;
            end if;
          end if;
        end if;
      end if;
    exception when sqlstate 'MLVAL' or sqlstate 'MLCLS' or sqlstate 'MLDNY' then
      get stacked diagnostics v_message = message_text;
      v_outcome := 'failed';
    end;
    v_results := v_results || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
      'line', v_row -> 'line', 'order_number', nullif(left(v_number, 40), ''),
      'reference', nullif(left(v_reference, 100), ''), 'outcome', v_outcome, 'message', v_message)));
  end loop;

  insert into public.payment_imports (source, imported_by, row_count, recorded, skipped, failed, results)
  select btrim(p_source), auth.user_id(), jsonb_array_length(v_results),
         count(*) filter (where r ->> 'outcome' = 'recorded'),
         count(*) filter (where r ->> 'outcome' = 'skipped'),
         count(*) filter (where r ->> 'outcome' = 'failed'), v_results
    from jsonb_array_elements(v_results) r
  returning id into v_id;
  perform private.audit_event('payment_imports', v_id::text, 'import', null,
                              (select jsonb_build_object('source', i.source, 'rows', i.row_count,
                                                         'recorded', i.recorded, 'skipped', i.skipped,
                                                         'failed', i.failed)
                                 from public.payment_imports i where i.id = v_id),
                              (select i.row_count from public.payment_imports i where i.id = v_id));
  return v_id;
end
$$;
alter function api.payment_import(text, jsonb) owner to mlm_definer;
revoke all on function api.payment_import(text, jsonb) from public;
grant execute on function api.payment_import(text, jsonb) to mlm_app;
comment on function api.payment_import(text, jsonb) is
  'Imports a payment provider''s export: each row recorded on its own (already paid with the same '
  'reference or not a payment: skipped; any other problem fails that row only), kept and audited; '
  'returns the import''s id. Support, finance and admins only: refuses MLDNY and MLVAL (file name, '
  'no rows, more than 10,000).';
