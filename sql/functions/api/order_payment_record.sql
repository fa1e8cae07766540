-- Support, finance and admins record a payment received (method, provider
-- reference, the amount, which must be the order's total). See
-- private.order_payment_apply.
create or replace function api.order_payment_record(p_order_id uuid, p_method text, p_reference text,
                                                    p_amount numeric)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  if not coalesce(auth.user_role() in ('support', 'finance', 'admin'), false) then
    raise exception using errcode = 'MLDNY', message = 'Only support, finance and admins record payments.';
  end if;
  perform private.order_payment_apply(p_order_id, p_method, p_reference, p_amount);
end
$$;
alter function api.order_payment_record(uuid, text, text, numeric) owner to mlm_definer;
revoke all on function api.order_payment_record(uuid, text, text, numeric) from public;
grant execute on function api.order_payment_record(uuid, text, text, numeric) to mlm_app;
comment on function api.order_payment_record(uuid, text, text, numeric) is
  'Records a payment received for an order (method, provider reference, the order''s total); the '
  'order becomes paid and its PV counts. Support, finance and admins only: refuses MLDNY, MLVAL '
  '(reference, method, amount, payment time) and MLCLS (a payment dated in a closed month).';
