-- Moves distributor p_distributor, with its whole downline, under
-- p_new_sponsor, in the caller's transaction; returns how many people moved
-- (the distributor and its downline). Admins (and DBAs at the console) only:
-- MLDNY otherwise. A reason is required (MLVAL, column reason). Refused with
-- MLCYC when the new sponsor is the distributor or in its downline, and with
-- MLVAL when either is unknown, the sponsor would not change, the tree
-- would get too deep, or (p_expected given: the count an admin confirmed in
-- the preview) the downline changed since.
--
-- The genealogy lock is taken exclusively before the checks, so what was
-- checked and counted is what moves. The update of sponsor_id does the work
-- through the table's trigger (closure rows, level counts, group volumes of
-- every period not yet finalized: finalized periods never change); that
-- update is audited by the table's audit trigger like any other, and the
-- move itself is one more audit event: action 'move', row_count = people
-- moved, before/after = the old and new sponsor, with the reason.
create or replace function api.distributor_move(p_distributor uuid, p_new_sponsor uuid, p_reason text,
                                                p_expected integer default null)
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_reason text := pg_catalog.btrim(coalesce(p_reason, ''));
  v_who    record;
  v_old    record;
  v_new    record;
  v_people integer;
begin
  if not (auth.is_admin() or private.caller_is_dba()) then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can move distributors.';
  end if;
  if v_reason = '' then
    raise exception using errcode = 'MLVAL', column = 'reason', message = 'Give the reason for this move.';
  end if;
  if pg_catalog.length(v_reason) > 1000 then
    raise exception using errcode = 'MLVAL', column = 'reason',
      message = 'Keep the reason under 1,000 characters.';
  end if;
  if p_distributor is null then
    raise exception using errcode = 'MLVAL', column = 'distributor', message = 'Choose the distributor to move.';
  end if;
  if p_new_sponsor is null then
    raise exception using errcode = 'MLVAL', column = 'new_sponsor', message = 'Choose the new sponsor.';
  end if;

  perform pg_catalog.pg_advisory_xact_lock(private.advisory_lock_key('genealogy'));

  -- no key update: an enrolment under this distributor holds key share on
  -- the row (its foreign key check) while it waits for the genealogy lock.
  select d.user_id, d.distributor_number, d.sponsor_id into v_who
    from public.distributors d where d.user_id = p_distributor
     for no key update;
  if not found then
    raise exception using errcode = 'MLVAL', column = 'distributor', message = 'No such distributor.';
  end if;
  select d.user_id, d.distributor_number into v_new from public.distributors d where d.user_id = p_new_sponsor;
  if not found then
    raise exception using errcode = 'MLVAL', column = 'new_sponsor', message = 'No such sponsor.';
  end if;
  if p_new_sponsor = p_distributor
     or exists (select from public.genealogy_paths g
                 where g.ancestor_id = p_distributor and g.descendant_id = p_new_sponsor
                   and g.path_type = 'sponsor') then
    raise exception using errcode = 'MLCYC', column = 'new_sponsor',
      message = pg_catalog.format('%s is %s: a distributor cannot move under its own downline.',
                                  v_new.distributor_number,
                                  case when p_new_sponsor = p_distributor then 'the distributor itself'
                                       else 'in ' || v_who.distributor_number || '''s downline' end);
  end if;
  if v_who.sponsor_id = p_new_sponsor then
    raise exception using errcode = 'MLVAL', column = 'new_sponsor',
      message = pg_catalog.format('%s is already sponsored by %s.', v_who.distributor_number,
                                  v_new.distributor_number);
  end if;

  select 1 + coalesce(sum(lc.members), 0) into v_people
    from private.genealogy_level_counts lc where lc.ancestor_id = p_distributor;
  if p_expected is not null and p_expected <> v_people then
    raise exception using errcode = 'MLVAL', column = 'expected',
      message = pg_catalog.format(
        'The downline changed since the preview: %s people would move now, not %s. Check and confirm again.',
        v_people, p_expected);
  end if;
  select d.user_id, d.distributor_number into v_old from public.distributors d where d.user_id = v_who.sponsor_id;

  update public.distributors set sponsor_id = p_new_sponsor where user_id = p_distributor;

  perform private.audit_event(
    'distributors', p_distributor::text, 'move',
    pg_catalog.jsonb_build_object('distributor_number', v_who.distributor_number,
                                  'sponsor_id', v_old.user_id, 'sponsor_number', v_old.distributor_number),
    pg_catalog.jsonb_build_object('distributor_number', v_who.distributor_number,
                                  'sponsor_id', v_new.user_id, 'sponsor_number', v_new.distributor_number,
                                  'reason', v_reason, 'people_moved', v_people),
    v_people);
  return v_people;
end
$$;
alter function api.distributor_move(uuid, uuid, text, integer) owner to mlm_definer;
revoke all on function api.distributor_move(uuid, uuid, text, integer) from public;
grant execute on function api.distributor_move(uuid, uuid, text, integer) to mlm_app;
comment on function api.distributor_move(uuid, uuid, text, integer) is
  'Moves a distributor with its whole sponsor downline under a new sponsor, in the caller''s '
  'transaction, with a reason; audited; returns how many people moved. Admins and DBAs only: '
  'refuses MLDNY (others), MLCYC (the new sponsor is the distributor or in its downline) and MLVAL '
  '(no reason, unknown people, same sponsor, too deep, the downline changed since the preview).';
