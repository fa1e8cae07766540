-- The contract's finalize_period(period_id): freeze a closed period; see
-- private.period_finalize.
create or replace function public.finalize_period(period_id text)
returns jsonb
language sql
volatile
set search_path = ''
as $$
  select api.period_finalize(period_id)
$$;
revoke all on function public.finalize_period(text) from public;
grant execute on function public.finalize_period(text) to mlm_app;
