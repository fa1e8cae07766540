-- Move contacts to a pipeline stage (a card dragged on the board, the
-- keyboard "Move to" control, a bulk action): each contact that really
-- changes stage gets a 'stage_change' activity on its timeline saying from
-- where to where, and why (p_reason). Lost needs a reason (kept in
-- lost_reason); leaving Lost clears it. The status follows the stage
-- (public.contact_status_for_stage). Returns how many contacts moved.
-- Invoker: RLS decides which contacts the caller may move.
create or replace function api.contact_move(p_ids uuid[], p_stage public.pipeline_stage,
                                            p_reason text default null)
returns integer
language plpgsql volatile
set search_path = ''
as $$
declare
  v_reason text := nullif(btrim(p_reason), '');
  v_moved  integer;
begin
  if p_stage is null then
    raise exception using errcode = 'MLVAL', message = 'Choose a stage.', column = 'stage';
  end if;
  if p_stage = 'closed_lost' and v_reason is null then
    raise exception using errcode = 'MLVAL', message = 'Say why this contact was lost.', column = 'reason';
  end if;
  if length(v_reason) > 500 then
    raise exception using errcode = 'MLVAL', message = 'The reason is at most 500 characters.', column = 'reason';
  end if;
  if cardinality(p_ids) > 10000 then
    raise exception using errcode = 'MLVAL', message = 'Move at most 10,000 contacts at once.', column = 'ids';
  end if;

  with old as (
    select c.id, c.stage from public.contacts c
     where c.id = any (p_ids) and c.stage <> p_stage
       for update
  ), moved as (
    update public.contacts c
       set stage = p_stage,
           status = public.contact_status_for_stage(p_stage, c.status),
           lost_reason = case when p_stage = 'closed_lost' then v_reason end
      from old
     where c.id = old.id
    returning c.id, old.stage as from_stage
  )
  insert into public.activities (contact_id, owner_id, type, subject, body, metadata)
  select m.id, auth.user_id(), 'stage_change',
         pg_catalog.format('Moved from %s to %s', public.stage_label(m.from_stage), public.stage_label(p_stage)),
         v_reason,
         jsonb_build_object('from', m.from_stage, 'to', p_stage)
    from moved m;
  get diagnostics v_moved = row_count;
  return v_moved;
end
$$;
revoke all on function api.contact_move(uuid[], public.pipeline_stage, text) from public;
grant execute on function api.contact_move(uuid[], public.pipeline_stage, text) to mlm_app;
comment on function api.contact_move(uuid[], public.pipeline_stage, text) is
  'Moves contacts to a pipeline stage, each real move logged on its timeline with the reason; the '
  'status follows the stage; returns how many moved. Any signed-in user on the contacts RLS lets it'
  ' change; refuses MLVAL (stage, a missing or long reason for Lost, more than 10,000 contacts).';
