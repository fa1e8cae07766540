-- A distributor's ledger rows of one period, each explained in words from
-- plan v1's rules alone ("Level 2 unilevel on Jane Doe's 340.00 PV at 5% =
-- 17.00"), in (type, source, level) order. Sources are the distributor
-- itself or its downline, whose names it may see. Access:
-- private.ledger_reader. Each line's source and car-bonus ranks are looked
-- up by key (scalar subqueries), so the cost follows the lines, never a hash of every
-- distributor, user or period_volumes row of the period.
create or replace function api.statement_lines(p_period_id text, p_distributor_id uuid default null)
returns table (id uuid, type public.commission_type, level integer, rate numeric, base numeric, amount numeric,
               source_id uuid, source_number text, source_name text, is_manual boolean, reason text,
               explanation text, created_at timestamptz)
language sql
stable
security definer
set search_path = ''
set jit = off
as $$
  with who as (select private.ledger_reader(p_distributor_id) as id),
       rows as (
         select l.*,
                case when l.source_distributor_id = l.distributor_id then 'your own'
                     when l.source_distributor_id is null then null
                     else coalesce(src.name, src.number) || '''s' end as whose,
                src.number as source_number,
                src.name as source_name,
                to_char(l.amount, 'FM999,999,999,990.00') as amount_text,
                to_char(l.pv, 'FM999,999,999,990.00') as base_text,
                trim_scale(l.rate * 100)::text || '%' as rate_text
           from who
           join public.commission_ledger l on l.distributor_id = who.id and l.period_id = p_period_id
           cross join lateral (
             select (select d.distributor_number::text from public.distributors d
                      where d.user_id = l.source_distributor_id) as number,
                    (select nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), '') from public.users u
                      where u.id = l.source_distributor_id) as name) src)
  select r.id, r.type, r.level, r.rate, r.pv, r.amount, r.source_distributor_id, r.source_number,
         r.source_name::text, r.is_manual, r.reason,
         case r.type
           when 'retail' then format('Retail: %s of your retail sales of %s = %s', r.rate_text, r.base_text, r.amount_text)
           when 'unilevel' then format('Level %s unilevel on %s %s PV at %s = %s', r.level, r.whose, r.base_text,
                                       r.rate_text, r.amount_text)
           when 'leadership' then
             case when r.level = 0 then format('Leadership on your own %s PV at %s = %s', r.base_text, r.rate_text,
                                               r.amount_text)
                  else format('Leadership on %s %s PV, %s %s down, at the %s your rate adds = %s', r.whose,
                              r.base_text, r.level, case when r.level = 1 then 'level' else 'levels' end,
                              r.rate_text, r.amount_text) end
           when 'matching' then format('Level %s matching on %s %s unilevel earnings at %s = %s', r.level, r.whose,
                                       r.base_text, r.rate_text, r.amount_text)
           when 'fast_start' then format('Fast start on new recruit %s %s PV at %s = %s', r.whose, r.base_text,
                                         r.rate_text, r.amount_text)
           when 'rank_bonus' then format('Rank bonus for reaching %s = %s',
                                         coalesce((select rk.name from public.ranks rk where rk.level = r.level)::text,
                                                  'level ' || r.level), r.amount_text)
           when 'car_bonus' then format('Car bonus: paid as %s this month and %s the month before = %s',
                                        coalesce(cur.name::text, 'a car-bonus rank'),
                                        coalesce(prev.name::text, 'a car-bonus rank'), r.amount_text)
           else format('Adjustment: %s = %s', coalesce(r.reason, 'no reason given'), r.amount_text)
         end,
         r.created_at
    from rows r
    left join lateral (select rk.name from public.period_volumes cv join public.ranks rk on rk.id = cv.paid_as_rank_id
                        where r.type = 'car_bonus' and cv.period_id = r.period_id
                          and cv.distributor_id = r.distributor_id) cur on true
    left join lateral (select rk.name from public.period_volumes pvp join public.ranks rk on rk.id = pvp.paid_as_rank_id
                        where r.type = 'car_bonus'
                          and pvp.period_id = to_char(to_date(r.period_id, 'YYYY-MM') - interval '1 month', 'YYYY-MM')
                          and pvp.distributor_id = r.distributor_id) prev on true
   order by array_position(array['retail', 'unilevel', 'leadership', 'matching', 'fast_start', 'rank_bonus',
                                 'car_bonus', 'adjustment']::public.commission_type[], r.type),
            r.source_number nulls first, r.level, r.created_at
$$;
alter function api.statement_lines(text, uuid) owner to mlm_definer;
revoke all on function api.statement_lines(text, uuid) from public;
grant execute on function api.statement_lines(text, uuid) to mlm_app;
comment on function api.statement_lines(text, uuid) is
  'A distributor''s ledger rows of one period, each explained in words from plan v1''s rules. Same '
  'access as api.statement (private.ledger_reader).';
