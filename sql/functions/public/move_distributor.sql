-- The contract's name (sql-contract.md, "Functions"): moves distributor
-- `dist` and its whole downline under `new_sponsor`, for the reason given;
-- returns how many people moved. Admins, and DBAs at the console (a
-- superuser connection without an app identity). See api.distributor_move.
create or replace function public.move_distributor(dist uuid, new_sponsor uuid, reason text)
returns integer
language sql
volatile
set search_path = ''
as $$
  select api.distributor_move(dist, new_sponsor, reason)
$$;
revoke all on function public.move_distributor(uuid, uuid, text) from public;
grant execute on function public.move_distributor(uuid, uuid, text) to mlm_app;
comment on function public.move_distributor(uuid, uuid, text) is
  'The contract''s move_distributor(dist, new_sponsor, reason): moves a distributor with its whole '
  'sponsor downline under a new sponsor; audited; returns how many people moved. Admins, and DBAs '
  'at the console; refuses MLDNY, MLCYC (under its own downline) and MLVAL (no reason, unknown '
  'people, same sponsor, too deep), as api.distributor_move.';
