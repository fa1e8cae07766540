-- The lines of an order form (a JSON array of {"product_id", "quantity"}),
-- checked and merged: blank rows are skipped, one line per product (the
-- quantities of repeated products add up), in the order first given.
-- Each line carries a problem (null when fine): no valid product chosen, or
-- a quantity that is not a whole number from 1 to 999. At most 50 rows.
create or replace function api.order_lines_parse(p_lines jsonb)
returns table (line_no integer, product_id uuid, quantity integer, problem text)
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_lines is null or jsonb_typeof(p_lines) <> 'array' then
    raise exception using errcode = 'MLVAL', message = 'Add at least one product.', column = 'lines';
  end if;
  if jsonb_array_length(p_lines) > 50 then
    raise exception using errcode = 'MLVAL', message = 'An order has at most 50 lines.', column = 'lines';
  end if;
  return query
  with raw as (
    select t.i::integer as i,
           nullif(btrim(case when jsonb_typeof(t.e) = 'object' then t.e ->> 'product_id' end), '') as product_text,
           nullif(btrim(case when jsonb_typeof(t.e) = 'object' then t.e ->> 'quantity' end), '') as quantity_text
      from jsonb_array_elements(p_lines) with ordinality as t (e, i)
  ), typed as (
    select r.i,
           case when r.product_text ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                then r.product_text::uuid end as pid,
           r.product_text,
           case when r.quantity_text ~ '^[0-9]{1,4}$' then r.quantity_text::integer end as qty,
           r.quantity_text
      from raw r
     where r.product_text is not null or r.quantity_text is not null
  )
  select min(t.i)::integer, t.pid,
         case when bool_and(coalesce(t.qty between 1 and 999, false)) then sum(t.qty)::integer end,
         case when t.pid is null then 'Choose a product from the list.'
              when not bool_and(coalesce(t.qty between 1 and 999, false)) then 'Enter a quantity from 1 to 999.'
              when sum(t.qty) > 999 then 'At most 999 of one product per order.' end
    from typed t
   group by t.pid, case when t.pid is null then t.i end
   order by min(t.i);
end
$$;
revoke all on function api.order_lines_parse(jsonb) from public;
grant execute on function api.order_lines_parse(jsonb) to mlm_app, mlm_definer;
comment on function api.order_lines_parse(jsonb) is
  'The lines of an order form checked and merged (one line per product, quantities added up), each '
  'with its problem or null; at most 50 rows. Any signed-in user; refuses MLVAL (no line, more than'
  ' 50).';
