-- Place an order from the order form: see private.order_place (who may,
-- prices, stock, idempotency). Returns the order's id.
create or replace function api.order_place(
  p_customer_id uuid, p_lines jsonb, p_ship_to integer default null, p_shipping_method text default 'standard',
  p_notes text default null, p_discount_percent numeric default null, p_discount_amount numeric default null,
  p_discount_reason text default null, p_idempotency_key uuid default null)
returns uuid
language sql volatile security definer
set search_path = ''
as $$
  select private.order_place(p_customer_id, p_lines, p_ship_to, p_shipping_method, p_notes, p_discount_percent,
                             p_discount_amount, p_discount_reason, p_idempotency_key)
$$;
alter function api.order_place(uuid, jsonb, integer, text, text, numeric, numeric, text, uuid) owner to mlm_definer;
revoke all on function api.order_place(uuid, jsonb, integer, text, text, numeric, numeric, text, uuid) from public;
grant execute on function api.order_place(uuid, jsonb, integer, text, text, numeric, numeric, text, uuid) to mlm_app;
comment on function api.order_place(uuid, jsonb, integer, text, text, numeric, numeric, text, uuid) is
  'Places an order from the order form (prices, PV and stock captured; idempotent by key); returns '
  'its id. Distributors for their own customers and admins (private.order_place): refuses MLDNY '
  '(other roles, a customer not the caller''s, a discount from a non-admin) and MLVAL (customer, '
  'discount, notes, lines, stock).';
