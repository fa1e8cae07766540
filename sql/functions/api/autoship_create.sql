-- Subscribe a customer (a distributor: its own customers, its own account
-- included; support and admins: any) to a subscription product. The consent
-- is recorded as given: p_consent must be true and p_terms_hash the md5 of
-- the terms the person was shown (api.autoship_terms); the stored text is
-- that text, with the time, the request's IP and browser and the user who
-- entered it. One active autoship per customer and product. The first order
-- is placed on p_first_on (default: one frequency from today) by the daily
-- job. Returns the autoship's id.
create or replace function api.autoship_create(p_customer_id uuid, p_product_id uuid, p_quantity integer,
                                               p_frequency_days integer, p_shipping_method text,
                                               p_terms_hash text, p_consent boolean,
                                               p_first_on date default null)
returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_role public.user_role := auth.user_role();
  v_customer public.customers%rowtype;
  v_terms text;
  v_ip inet;
  v_id uuid;
begin
  if v_role is null or v_role not in ('distributor', 'support', 'admin') then
    raise exception using errcode = 'MLDNY', message = 'Your role does not set up autoships.';
  end if;
  select * into v_customer from public.customers c where c.id = p_customer_id for update;
  if not found or (v_role = 'distributor' and v_customer.distributor_id <> auth.user_id()) then
    raise exception using errcode = 'MLDNY', message = 'This customer does not exist or is not yours.';
  end if;
  if v_customer.status <> 'active' then
    raise exception using errcode = 'MLVAL', column = 'customer_id',
      message = format('This customer is %s: set them active first.', v_customer.status);
  end if;
  v_terms := api.autoship_terms(p_customer_id, p_product_id, p_quantity, p_frequency_days, p_shipping_method,
                                p_first_on);
  if not coalesce(p_consent, false) then
    raise exception using errcode = 'MLVAL', column = 'consent',
      message = 'Tick the box to record that the customer agrees to these terms.';
  end if;
  if p_terms_hash is distinct from md5(v_terms) then
    raise exception using errcode = 'MLVAL', column = 'consent',
      message = 'The terms changed since they were shown: read them again and confirm.';
  end if;
  if exists (select from public.autoships a
              where a.customer_id = p_customer_id and a.product_id = p_product_id and a.status <> 'cancelled') then
    raise exception using errcode = 'MLVAL', column = 'product_id',
      message = 'This customer already has an autoship for this product: change or cancel that one.';
  end if;
  begin
    v_ip := nullif(pg_catalog.current_setting('app.ip', true), '')::inet;
  exception when data_exception then
    v_ip := null;
  end;
  insert into public.autoships (customer_id, product_id, quantity, frequency_days, shipping_method, next_run_on,
                                consent_text, consent_at, consent_ip, consent_user_agent, consent_by)
  values (p_customer_id, p_product_id, p_quantity, p_frequency_days, p_shipping_method,
          coalesce(p_first_on, (public.app_now() at time zone 'UTC')::date + p_frequency_days),
          v_terms, public.app_now(), v_ip,
          left(nullif(pg_catalog.current_setting('app.user_agent', true), ''), 1000), auth.user_id())
  returning id into v_id;
  return v_id;
end
$$;
alter function api.autoship_create(uuid, uuid, integer, integer, text, text, boolean, date) owner to mlm_definer;
revoke all on function api.autoship_create(uuid, uuid, integer, integer, text, text, boolean, date) from public;
grant execute on function api.autoship_create(uuid, uuid, integer, integer, text, text, boolean, date) to mlm_app;
comment on function api.autoship_create(uuid, uuid, integer, integer, text, text, boolean, date) is
  'Subscribes a customer to a subscription product with recorded consent (the terms text of '
  'api.autoship_terms, its md5, time, IP, browser); the daily job places the orders. A distributor '
  'for its own customers, support and admins for any; refuses MLDNY (role, customer not the '
  'caller''s) and MLVAL (inactive customer, consent missing, terms changed, a duplicate autoship, '
  'the terms'' own checks).';
