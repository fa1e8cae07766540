-- Admin: add (goods received) or remove (damaged, counted short) stock, with
-- a reason, under the product's row lock, so it never races the orders that
-- reserve stock. Never below zero. The reason goes to the audit trail with
-- the change. Returns the new stock. Definer only to write that audit event.
create or replace function api.product_stock_adjust(p_product_id uuid, p_delta integer, p_reason text)
returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_before integer;
  v_after integer;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can change stock.';
  end if;
  if p_delta is null or p_delta = 0 or abs(p_delta) > 10000000 then
    raise exception using errcode = 'MLVAL', message = 'Enter a change other than 0 (e.g. 50 or -3).',
      column = 'delta';
  end if;
  if nullif(btrim(p_reason), '') is null or length(btrim(p_reason)) > 500 then
    raise exception using errcode = 'MLVAL', message = 'Say why, in at most 500 characters.', column = 'reason';
  end if;
  select p.stock_quantity into v_before from public.products p where p.id = p_product_id for update;
  if not found then
    raise exception using errcode = 'MLVAL', message = 'This product no longer exists.', column = 'delta';
  end if;
  v_after := v_before + p_delta;
  if v_after < 0 then
    raise exception using errcode = 'MLVAL', column = 'delta',
      message = format('Only %s in stock: you can remove at most that many.', v_before);
  end if;
  update public.products p set stock_quantity = v_after where p.id = p_product_id;
  perform private.audit_event('products', p_product_id::text, 'stock_adjust',
                              jsonb_build_object('stock_quantity', v_before),
                              jsonb_build_object('stock_quantity', v_after, 'delta', p_delta,
                                                 'reason', btrim(p_reason)));
  return v_after;
end
$$;
alter function api.product_stock_adjust(uuid, integer, text) owner to mlm_definer;
revoke all on function api.product_stock_adjust(uuid, integer, text) from public;
grant execute on function api.product_stock_adjust(uuid, integer, text) to mlm_app;
comment on function api.product_stock_adjust(uuid, integer, text) is
  'Adds or removes stock of a product with a reason, under its row lock, never below zero; audited;'
  ' returns the new stock. Admins only: refuses MLDNY and MLVAL (zero or too large a change, no '
  'reason, no such product, more than in stock).';
