-- One contact for its page, with its owner's name and what it became (the
-- customer's number, the distributor's number). Nothing when the caller may
-- not see it (RLS).
create or replace function api.contact_get(p_id uuid)
returns table (id uuid, owner_id uuid, owner_name text, first_name varchar, last_name varchar, name text,
               email varchar, phone varchar, company varchar, title varchar, source public.contact_source,
               status public.contact_status, stage public.pipeline_stage, tags text[], notes text,
               lead_score integer, last_activity_at timestamptz, next_follow_up timestamptz,
               converted_at timestamptz, converted_to_customer_id uuid, customer_number varchar,
               converted_to_distributor_id uuid, distributor_number varchar, lost_reason text,
               created_at timestamptz, updated_at timestamptz)
language sql stable
set search_path = ''
as $$
  select c.id, c.owner_id,
         coalesce(nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), ''), u.email::text),
         c.first_name, c.last_name, c.name, c.email, c.phone, c.company, c.title, c.source, c.status,
         c.stage, c.tags, c.notes, c.lead_score, c.last_activity_at, c.next_follow_up, c.converted_at,
         c.converted_to_customer_id, cu.customer_number, c.converted_to_distributor_id, d.distributor_number,
         c.lost_reason, c.created_at, c.updated_at
    from public.contacts c
    left join public.users u on u.id = c.owner_id
    left join public.customers cu on cu.id = c.converted_to_customer_id
    left join public.distributors d on d.user_id = c.converted_to_distributor_id
   where c.id = p_id
$$;
revoke all on function api.contact_get(uuid) from public;
grant execute on function api.contact_get(uuid) to mlm_app;
comment on function api.contact_get(uuid) is
  'One contact for its page, with its owner''s name and what it became (customer or distributor '
  'number). Any signed-in user; no row when RLS hides the contact.';
