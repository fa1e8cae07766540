-- The contract's rule "who sees which contacts" (0003's contacts policies)
-- as a SQL condition on `c`, for the definer functions that search contacts
-- without RLS (api.contact_search_ids, api.contact_count): a distributor
-- its own; managers, auditors and admins all; nobody else anything.
create or replace function private.crm_visible_sql()
returns text
language sql immutable
set search_path = ''
as $$
  select '(select auth.has_role(''manager'', ''auditor'', ''admin''))'
         ' or ((select auth.has_role(''distributor'')) and c.owner_id = (select auth.user_id()))'
$$;
revoke all on function private.crm_visible_sql() from public;
grant execute on function private.crm_visible_sql() to mlm_definer;
comment on function private.crm_visible_sql() is
  'The contract''s rule for who sees which contacts, as a SQL condition for the definer searches (a'
  ' distributor its own; managers, auditors and admins all; nobody else anything).';
