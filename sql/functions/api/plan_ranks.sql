-- The plan's ranks by level, every number of them (compensation-plan.md
-- section 5). Readable by everyone signed in (ranks policies).
create or replace function api.plan_ranks()
returns table (id text, name text, level integer, min_personal_pv numeric, min_group_pv numeric,
               min_legs integer, min_leg_volume numeric, max_leg_share numeric, commission_rate numeric,
               unilevel_depth integer, matching_rates numeric[], rank_bonus numeric, car_bonus numeric,
               is_active boolean, updated_at timestamptz)
language sql
stable
set search_path = ''
as $$
  select r.id::text, r.name::text, r.level, r.min_personal_pv, r.min_group_pv, r.min_legs, r.min_leg_volume,
         r.max_leg_share, r.commission_rate, r.unilevel_depth, r.matching_rates::numeric[], r.rank_bonus,
         r.car_bonus, r.is_active, r.updated_at
    from public.ranks r
   order by r.level
$$;
revoke all on function api.plan_ranks() from public;
grant execute on function api.plan_ranks() to mlm_app;
comment on function api.plan_ranks() is
  'The plan''s ranks by level, every number of them. Any signed-in user.';
