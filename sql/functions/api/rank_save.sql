-- Create or change a rank (admins; audited by the ranks trigger). Every
-- number is checked here with a message for the field (MLVAL), so nothing
-- is silently rounded: rates are shares from 0 to 1 with at most four
-- decimals, money and volume non-negative with at most two. Takes effect
-- for every period closed or re-closed from now on; finalized periods keep
-- what they paid. Returns the rank id.
create or replace function api.rank_save(
  p_id text, p_name text, p_level integer, p_min_personal_pv numeric, p_min_group_pv numeric,
  p_min_legs integer, p_min_leg_volume numeric, p_max_leg_share numeric, p_commission_rate numeric,
  p_unilevel_depth integer, p_matching_rates numeric[], p_rank_bonus numeric, p_car_bonus numeric,
  p_is_active boolean default true)
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_id text := lower(btrim(p_id));
  v_bad text;
begin
  if not auth.is_admin() then
    raise exception using errcode = 'MLDNY', message = 'Only an admin can change the plan.';
  end if;
  if v_id is null or v_id !~ '^[a-z][a-z0-9_]{0,49}$' then
    raise exception using errcode = 'MLVAL', column = 'id',
      message = 'A rank id is lowercase letters, digits or _, starting with a letter (e.g. gold).';
  end if;
  if coalesce(btrim(p_name), '') = '' or length(p_name) > 100 then
    raise exception using errcode = 'MLVAL', column = 'name', message = 'Give the rank a name (up to 100 characters).';
  end if;
  if p_level is null or p_level < 1 or p_level > 1000 then
    raise exception using errcode = 'MLVAL', column = 'level', message = 'The level is a whole number from 1.';
  end if;
  if exists (select from public.ranks r where r.level = p_level and r.id <> v_id) then
    raise exception using errcode = 'MLVAL', column = 'level', message = 'Another rank has this level.';
  end if;
  select f into v_bad from (values
      ('min_personal_pv', p_min_personal_pv), ('min_group_pv', p_min_group_pv),
      ('min_leg_volume', p_min_leg_volume), ('rank_bonus', p_rank_bonus), ('car_bonus', p_car_bonus)) as t (f, v)
   where v is null or v < 0 or v <> round(v, 2) or v >= 1000000000000 limit 1;
  if v_bad is not null then
    raise exception using errcode = 'MLVAL', column = v_bad,
      message = 'Enter an amount of at least 0 with at most two decimals.';
  end if;
  select f into v_bad from (values ('commission_rate', p_commission_rate), ('max_leg_share', p_max_leg_share)) as t (f, v)
   where (f = 'commission_rate' and v is null) or v < 0 or v > 1 or v <> round(v, 4)
      or (f = 'max_leg_share' and v = 0) limit 1;
  if v_bad is not null then
    raise exception using errcode = 'MLVAL', column = v_bad,
      message = case v_bad when 'max_leg_share' then 'A leg cap is a share above 0 and at most 1 (0.5 = 50%), or empty for no cap.'
                     else 'A rate is a share from 0 to 1 with at most four decimals (0.05 = 5%).' end;
  end if;
  if p_min_legs is null or p_min_legs < 0 or p_min_legs > 1000 then
    raise exception using errcode = 'MLVAL', column = 'min_legs', message = 'The number of legs is a whole number from 0.';
  end if;
  if p_unilevel_depth is null or p_unilevel_depth < 0 or p_unilevel_depth > 100 then
    raise exception using errcode = 'MLVAL', column = 'unilevel_depth', message = 'The depth is a whole number from 0 to 100.';
  end if;
  if p_matching_rates is null or cardinality(p_matching_rates) > 20
     or exists (select from unnest(p_matching_rates) m where m is null or m < 0 or m > 1 or m <> round(m, 4)) then
    raise exception using errcode = 'MLVAL', column = 'matching_rates',
      message = 'Matching rates are up to 20 shares from 0 to 1 with at most four decimals, one per level.';
  end if;
  insert into public.ranks as r (id, name, level, min_personal_pv, min_group_pv, min_legs, min_leg_volume,
                                 max_leg_share, commission_rate, unilevel_depth, matching_rates, rank_bonus,
                                 car_bonus, is_active)
  values (v_id, btrim(p_name), p_level, p_min_personal_pv, p_min_group_pv, p_min_legs, p_min_leg_volume,
          p_max_leg_share, p_commission_rate, p_unilevel_depth, p_matching_rates, p_rank_bonus, p_car_bonus,
          coalesce(p_is_active, true))
  on conflict (id) do update
     set name = excluded.name, level = excluded.level, min_personal_pv = excluded.min_personal_pv,
         min_group_pv = excluded.min_group_pv, min_legs = excluded.min_legs,
         min_leg_volume = excluded.min_leg_volume, max_leg_share = excluded.max_leg_share,
         commission_rate = excluded.commission_rate, unilevel_depth = excluded.unilevel_depth,
         matching_rates = excluded.matching_rates, rank_bonus = excluded.rank_bonus,
         car_bonus = excluded.car_bonus, is_active = excluded.is_active
   where (r.name, r.level, r.min_personal_pv, r.min_group_pv, r.min_legs, r.min_leg_volume, r.max_leg_share,
          r.commission_rate, r.unilevel_depth, r.matching_rates, r.rank_bonus, r.car_bonus, r.is_active)
         is distinct from
         (excluded.name, excluded.level, excluded.min_personal_pv, excluded.min_group_pv, excluded.min_legs,
          excluded.min_leg_volume, excluded.max_leg_share, excluded.commission_rate, excluded.unilevel_depth,
          excluded.matching_rates, excluded.rank_bonus, excluded.car_bonus, excluded.is_active);
  return v_id;
end
$$;
revoke all on function api.rank_save(text, text, integer, numeric, numeric, integer, numeric, numeric, numeric,
                                     integer, numeric[], numeric, numeric, boolean) from public;
grant execute on function api.rank_save(text, text, integer, numeric, numeric, integer, numeric, numeric, numeric,
                                        integer, numeric[], numeric, numeric, boolean) to mlm_app;
comment on function api.rank_save(text, text, integer, numeric, numeric, integer, numeric, numeric,
  numeric, integer, numeric[], numeric, numeric, boolean) is
  'Creates or changes a rank (every number checked, nothing rounded silently); audited; takes '
  'effect for every period closed or re-closed from now on. Admins only: refuses MLDNY and MLVAL '
  '(id, name, level, amounts, leg cap, legs, depth, matching rates).';
