-- Reports a step of a running close: a NOTICE with SQLSTATE MLPRG whose
-- detail is JSON {"period", "step", "total", "label"}. Notices reach the
-- client while the function runs; the close job (jobs/tasks.py) relays
-- them to private.period_close_runs over a second connection, so other
-- sessions see the progress while the close's own transaction is still
-- open. A DBA at psql sees them as NOTICE lines. Estimates report nothing.
create or replace function private.period_progress(p_period_id text, p_purpose text, p_step integer,
                                                   p_total integer, p_label text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  if p_purpose = 'close' then
    raise notice using errcode = 'MLPRG',
      message = format('close %s: step %s of %s: %s', p_period_id, p_step, p_total, p_label),
      detail = jsonb_build_object('period', p_period_id, 'step', p_step, 'total', p_total,
                                  'label', p_label)::text;
  end if;
end
$$;
revoke all on function private.period_progress(text, text, integer, integer, text) from public;
grant execute on function private.period_progress(text, text, integer, integer, text) to mlm_definer;
comment on function private.period_progress(text, text, integer, integer, text) is
  'Reports a step of a running close as a NOTICE with SQLSTATE MLPRG (detail: JSON period, step, '
  'total, label); estimates report nothing.';
