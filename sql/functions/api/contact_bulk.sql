-- A bulk action on selected contacts; returns how many changed.
--   tag_add / tag_remove  p_value: the tag
--   status                p_value: a contact_status
--   stage                 p_value: a pipeline_stage (through api.contact_move:
--                         each move is on the timeline; Lost needs p_reason)
--   assign                p_value: the new owner's user id (managers, admins)
--   delete                (managers and admins)
-- RLS limits every action to the contacts the caller may change; assign and
-- delete are refused outright (MLDNY) to other roles, as the list offers
-- them to managers and admins only.
create or replace function api.contact_bulk(p_ids uuid[], p_action text, p_value text default null,
                                            p_reason text default null)
returns integer
language plpgsql volatile
set search_path = ''
as $$
declare
  v_n     integer;
  v_tag   text;
  v_owner uuid;
begin
  if coalesce(cardinality(p_ids), 0) = 0 then
    raise exception using errcode = 'MLVAL', message = 'Select at least one contact.', column = 'ids';
  end if;
  if cardinality(p_ids) > 10000 then
    raise exception using errcode = 'MLVAL', message = 'Select at most 10,000 contacts at once.', column = 'ids';
  end if;

  case p_action
    when 'tag_add', 'tag_remove' then
      v_tag := (public.tags_normalize(array[p_value]))[1];
      if v_tag is null or length(v_tag) > 40 then
        raise exception using errcode = 'MLVAL', message = 'Enter a tag of at most 40 characters.', column = 'value';
      end if;
      if p_action = 'tag_add' then
        update public.contacts c set tags = c.tags || v_tag
         where c.id = any (p_ids) and not c.tags @> array[v_tag] and cardinality(c.tags) < 20;
      else
        update public.contacts c set tags = array_remove(c.tags, v_tag)
         where c.id = any (p_ids) and c.tags @> array[v_tag];
      end if;
      get diagnostics v_n = row_count;

    when 'status' then
      begin
        update public.contacts c set status = p_value::public.contact_status
         where c.id = any (p_ids) and c.status is distinct from p_value::public.contact_status;
      exception when invalid_text_representation or null_value_not_allowed then
        raise exception using errcode = 'MLVAL', message = 'Choose a status.', column = 'value';
      end;
      get diagnostics v_n = row_count;

    when 'stage' then
      begin
        v_n := api.contact_move(p_ids, p_value::public.pipeline_stage, p_reason);
      exception when invalid_text_representation then
        raise exception using errcode = 'MLVAL', message = 'Choose a stage.', column = 'value';
      end;

    when 'assign' then
      if not auth.has_role('manager', 'admin') then
        raise exception using errcode = 'MLDNY', message = 'Only managers and admins assign contacts to others.';
      end if;
      select u.id into v_owner from public.users u
       where u.id = nullif(p_value, '')::uuid and u.status = 'active'
         and u.role in ('distributor', 'manager', 'admin');
      if v_owner is null then
        raise exception using errcode = 'MLVAL', message = 'Choose an active distributor or manager.', column = 'value';
      end if;
      update public.contacts c set owner_id = v_owner where c.id = any (p_ids) and c.owner_id <> v_owner;
      get diagnostics v_n = row_count;

    when 'delete' then
      if not auth.has_role('manager', 'admin') then
        raise exception using errcode = 'MLDNY', message = 'Only managers and admins delete contacts in bulk.';
      end if;
      delete from public.contacts c where c.id = any (p_ids);
      get diagnostics v_n = row_count;

    else
      raise exception using errcode = 'MLVAL', message = 'Choose an action.', column = 'action';
  end case;
  return v_n;
exception when invalid_text_representation then
  raise exception using errcode = 'MLVAL', message = 'Choose an active distributor or manager.', column = 'value';
end
$$;
revoke all on function api.contact_bulk(uuid[], text, text, text) from public;
grant execute on function api.contact_bulk(uuid[], text, text, text) to mlm_app;
comment on function api.contact_bulk(uuid[], text, text, text) is
  'A bulk action on selected contacts (tag add or remove, status, stage, assign, delete); returns '
  'how many changed. Any signed-in user on the contacts RLS lets it change; assign and delete are '
  'for managers and admins (MLDNY otherwise); refuses MLVAL (selection, action, value).';
