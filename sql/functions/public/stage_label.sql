-- A pipeline stage as people read it.
create or replace function public.stage_label(p_stage public.pipeline_stage)
returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select case p_stage
           when 'new' then 'New'
           when 'contacted' then 'Contacted'
           when 'follow_up' then 'Follow-up'
           when 'proposal' then 'Proposal'
           when 'negotiation' then 'Negotiation'
           when 'closed_won' then 'Won'
           when 'closed_lost' then 'Lost'
         end
$$;
revoke all on function public.stage_label(public.pipeline_stage) from public;
grant execute on function public.stage_label(public.pipeline_stage) to mlm_app, mlm_definer;
comment on function public.stage_label(public.pipeline_stage) is
  'A pipeline stage as people read it. Immutable; callable by the app role.';
