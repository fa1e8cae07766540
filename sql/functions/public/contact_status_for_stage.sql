-- The seed's coarser status that goes with a pipeline stage: moving a card
-- keeps the two in step (an enrolled contact stays 'enrolled').
create or replace function public.contact_status_for_stage(p_stage public.pipeline_stage,
                                                           p_current public.contact_status)
returns public.contact_status
language sql immutable parallel safe
set search_path = ''
as $$
  select case
           when p_current = 'enrolled' and p_stage = 'closed_won' then 'enrolled'
           else case p_stage
                  when 'new' then 'new'
                  when 'contacted' then 'contacted'
                  when 'follow_up' then 'qualified'
                  when 'proposal' then 'proposal'
                  when 'negotiation' then 'negotiation'
                  when 'closed_won' then 'won'
                  when 'closed_lost' then 'lost'
                end
         end::public.contact_status
$$;
revoke all on function public.contact_status_for_stage(public.pipeline_stage, public.contact_status) from public;
grant execute on function public.contact_status_for_stage(public.pipeline_stage, public.contact_status)
  to mlm_app, mlm_definer;
comment on function public.contact_status_for_stage(public.pipeline_stage, public.contact_status) is
  'The seed''s coarser contact status that goes with a pipeline stage (an enrolled contact stays '
  '''enrolled''). Immutable; callable by the app role.';
