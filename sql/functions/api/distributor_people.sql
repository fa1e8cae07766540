-- What the caller may see of other distributors as people: number, name,
-- rank, status, join date and sponsor. Never email, phone, addresses, tax id
-- or documents (sql-contract.md). A distributor sees itself, its sponsor and
-- its sponsor downline; staff see everyone; nobody signed in (or a user who
-- is not active) sees nothing. p_ids narrows the result to those ids.
-- Definer: a distributor cannot read other people's users rows.
-- p_ids given (every caller but the staff lookup by number): a key lookup
-- of those ids, each checked against the caller's closure row by its
-- primary key (auth.in_downline: a function, so the planner cannot turn it
-- into a hash of the whole downline); one generic plan for both cases
-- scanned every distributor and the caller's whole downline for one id.
create or replace function api.distributor_people(p_ids uuid[] default null)
returns table (user_id uuid, distributor_number varchar, first_name varchar,
               last_name varchar, rank_id varchar, status public.distributor_status,
               join_date date, sponsor_id uuid)
language sql stable security definer
set search_path = ''
set jit = off
as $$
  select d.user_id, d.distributor_number, u.first_name, u.last_name,
         d.rank_id, d.status, d.join_date, d.sponsor_id
    from public.distributors d
    join public.users u on u.id = d.user_id
   where p_ids is not null
     and d.user_id = any (p_ids)
     and ((select auth.is_staff())
          or ((select auth.has_role('distributor'))
              and (d.user_id = (select auth.user_id())
                   or d.user_id = (select auth.sponsor_id())
                   or auth.in_downline(d.user_id))))
  union all
  select d.user_id, d.distributor_number, u.first_name, u.last_name,
         d.rank_id, d.status, d.join_date, d.sponsor_id
    from public.distributors d
    join public.users u on u.id = d.user_id
   where p_ids is null
     and ((select auth.is_staff())
          or ((select auth.has_role('distributor'))
              and (d.user_id = (select auth.user_id())
                   or d.user_id = (select auth.sponsor_id())
                   or d.user_id in (select g.descendant_id
                                      from public.genealogy_paths g
                                     where g.ancestor_id = (select auth.user_id())
                                       and g.path_type = 'sponsor'))))
$$;
alter function api.distributor_people(uuid[]) owner to mlm_definer;
revoke all on function api.distributor_people(uuid[]) from public;
grant execute on function api.distributor_people(uuid[]) to mlm_app;
comment on function api.distributor_people(uuid[]) is
  'What the caller may see of other distributors as people (number, name, rank, status, join date, '
  'sponsor; never contact or private data). A distributor sees itself, its sponsor and its '
  'downline; staff everyone; anyone else nothing.';
