-- Delete a lead-score rule (admins).
create or replace function api.lead_rule_delete(p_id uuid)
returns boolean
language plpgsql volatile
set search_path = ''
as $$
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can change how lead scores are counted.';
  end if;
  delete from public.lead_score_rules where id = p_id;
  return found;
end
$$;
revoke all on function api.lead_rule_delete(uuid) from public;
grant execute on function api.lead_rule_delete(uuid) to mlm_app;
comment on function api.lead_rule_delete(uuid) is
  'Deletes a lead-score rule. Admins only: refuses MLDNY.';
