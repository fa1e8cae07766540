-- The CRM a distributor works from every day: lead-score rules, saved
-- filters, CSV imports (a staging table per row, with a report), invitations
-- for contacts enrolled as distributors, a search vector tokenised for
-- prefix search, and the indexes contact search, de-duplication, the
-- pipeline board and task reminders need.
--
-- Functions and triggers live in sql/functions/ (re-applied on every
-- upgrade); nothing here calls them. Policies follow the contract's matrix
-- row "contacts, tasks, activities": a distributor its own, managers read
-- and write all, auditors read, admins all, support and finance nothing.


-- ---------------------------------------------------------------------------
-- Contacts: the date a stored lead score was computed for
-- ---------------------------------------------------------------------------

-- The score's "weeks without activity" part changes with the calendar: the
-- nightly refresh recomputes the rows whose stored score is for an earlier
-- UTC date and whose week count has moved since (api.lead_scores_refresh).
alter table public.contacts add column lead_score_on date;

-- What the search matches (api.contact_search_where), tokenised for prefix
-- search at scale: names (weight A); company, title and the letters of the
-- email (maria.garcia87@example.org gives maria, garcia, example, org: a
-- few shared words, where the whole address was one word of its own per
-- contact, which made every prefix search walk thousands of index entries)
-- (B); the phone's digits as one word, so typed digits find it (B); notes
-- (D). The 'simple' configuration: names and emails are not stemmed.
alter table public.contacts drop column search_vector;
alter table public.contacts add column search_vector tsvector generated always as (
  setweight(to_tsvector('simple', coalesce(first_name, '') || ' ' || coalesce(last_name, '')), 'A')
  || setweight(to_tsvector('simple', coalesce(company, '') || ' ' || coalesce(title, '') || ' '
                                     || regexp_replace(coalesce(email, ''), '[^[:alpha:]]+', ' ', 'g')), 'B')
  || setweight(to_tsvector('simple', regexp_replace(coalesce(phone, ''), '\D', '', 'g')), 'B')
  || setweight(to_tsvector('simple', coalesce(notes, '')), 'D')
) stored;
create index idx_contacts_search on public.contacts using gin (search_vector);


-- ---------------------------------------------------------------------------
-- Lead-score rules: every number of the score is a row an admin can edit
-- ---------------------------------------------------------------------------

-- kind          what it counts                              match
-- source        1 when the contact's source is `match`      a contact_source
-- stage         1 when the pipeline stage is `match`        a pipeline_stage
-- status        1 when the status is `match`                a contact_status
-- tag           1 when the contact has tag `match`          a tag
-- activity      the number of activities of type `match`    an activity_type
-- inactive_week whole weeks since the last activity         (none)
--               (or since the contact was created)
-- points: per unit counted (negative to lower the score); max_points caps
-- the rule's total in absolute value (null: no cap).
create table public.lead_score_rules (
  id          uuid primary key default gen_random_uuid(),
  kind        text not null check (kind in ('source', 'stage', 'status', 'tag', 'activity', 'inactive_week')),
  match       text check (length(match) between 1 and 50),
  label       varchar(100) not null check (length(btrim(label)) > 0),
  points      integer not null check (points between -100 and 100 and points <> 0),
  max_points  integer check (max_points between 1 and 1000),
  is_active   boolean not null default true,
  sort_order  integer not null default 0,
  created_at  timestamptz not null default public.app_now(),
  updated_at  timestamptz not null default public.app_now(),
  updated_by  uuid references public.users (id) on delete set null,
  constraint lead_score_rules_match check ((kind = 'inactive_week') = (match is null)),
  constraint lead_score_rules_source check (
    kind <> 'source' or match in ('website', 'referral', 'trade_show', 'social_media', 'advertisement',
                                  'cold_call', 'email_campaign', 'other', 'event', 'import')),
  constraint lead_score_rules_stage check (
    kind <> 'stage' or match in ('new', 'contacted', 'follow_up', 'proposal', 'negotiation',
                                 'closed_won', 'closed_lost')),
  constraint lead_score_rules_status check (
    kind <> 'status' or match in ('new', 'contacted', 'qualified', 'proposal', 'negotiation',
                                  'enrolled', 'won', 'lost')),
  constraint lead_score_rules_activity check (
    kind <> 'activity' or match in ('call', 'email', 'meeting', 'note', 'stage_change', 'task_done',
                                    'sms', 'other')),
  constraint lead_score_rules_tag check (kind <> 'tag' or match = lower(btrim(match)))
);
create unique index lead_score_rules_kind_match on public.lead_score_rules (kind, coalesce(match, ''));
create trigger _100_set_updated_at before update on public.lead_score_rules
  for each row execute function public.tg__set_updated_at();

insert into public.lead_score_rules (kind, match, label, points, sort_order) values
  ('source',        'referral', 'Referred by someone',        10, 10),
  ('activity',      'call',     'Calls',                       5, 20),
  ('activity',      'meeting',  'Meetings',                   10, 30),
  ('activity',      'email',    'Emails',                      2, 40),
  ('stage',         'proposal', 'In the proposal stage',      15, 50),
  ('inactive_week', null,       'Weeks without activity',     -1, 60);


-- ---------------------------------------------------------------------------
-- Saved filters: a user's named contact searches
-- ---------------------------------------------------------------------------

create table public.contact_saved_filters (
  id         uuid primary key default gen_random_uuid(),
  user_id    uuid not null references public.users (id) on delete cascade,
  name       varchar(60) not null check (length(btrim(name)) > 0),
  -- The list's query-string parameters (q, status, stage, source, tag, owner, follow_up, sort).
  params     jsonb not null default '{}' check (jsonb_typeof(params) = 'object'),
  created_at timestamptz not null default public.app_now(),
  unique (user_id, name)
);


-- ---------------------------------------------------------------------------
-- CSV imports
-- ---------------------------------------------------------------------------

-- One upload. Life cycle: uploaded (rows staged, waiting for a column
-- mapping) -> queued (the job is enqueued) -> checking (rows are validated
-- and de-duplicated in batches, committed one by one so the progress shows)
-- -> done (every valid row written in ONE transaction) | failed | cancelled.
-- A failed or cancelled import has written no contact.
create table public.contact_imports (
  id              uuid primary key default gen_random_uuid(),
  -- Whose contacts the rows become (a distributor: always itself).
  owner_id        uuid not null references public.users (id),
  created_by      uuid not null references public.users (id),
  file_name       varchar(255) not null,
  encoding        varchar(20) not null,
  delimiter       varchar(1) not null,
  header          text[] not null check (cardinality(header) between 1 and 100),
  row_count       integer not null check (row_count >= 0),
  -- {"email": 3, "first_name": 1, ...}: field -> 1-based column number.
  mapping         jsonb check (jsonb_typeof(mapping) = 'object'),
  dedupe          text not null default 'skip' check (dedupe in ('skip', 'update', 'create')),
  default_source  public.contact_source not null default 'import',
  add_tags        text[] not null default '{}',
  status          text not null default 'uploaded'
                  check (status in ('uploaded', 'queued', 'checking', 'done', 'failed', 'cancelled')),
  progress_done   integer not null default 0 check (progress_done >= 0),
  created_count   integer not null default 0,
  updated_count   integer not null default 0,
  skipped_count   integer not null default 0,
  rejected_count  integer not null default 0,
  error           text,
  queued_at       timestamptz,
  finished_at     timestamptz,
  created_at      timestamptz not null default public.app_now(),
  updated_at      timestamptz not null default public.app_now()
);
create index idx_contact_imports_owner on public.contact_imports (owner_id, created_at desc);
create index idx_contact_imports_created_by on public.contact_imports (created_by);
create index idx_contact_imports_created on public.contact_imports (created_at desc);
create trigger _100_set_updated_at before update on public.contact_imports
  for each row execute function public.tg__set_updated_at();

-- The staged rows of an import: the cells as uploaded, then what checking
-- made of them. outcome: null (not checked yet), reject (reason says why),
-- ok (good: a new contact once the import is done), update (contact_id: the
-- existing contact it updated) or skip (a duplicate, reason says of what).
-- The report lists skip and reject rows.
create table public.contact_import_rows (
  import_id   uuid not null references public.contact_imports (id) on delete cascade,
  line_no     integer not null check (line_no >= 2),
  cells       text[] not null,
  outcome     text check (outcome in ('ok', 'update', 'skip', 'reject')),
  reason      text,
  -- Checked values (null until checked, and for rejected rows).
  first_name  varchar(100),
  last_name   varchar(100),
  email       varchar(255),
  phone       varchar(20),
  company     varchar(200),
  title       varchar(100),
  source      public.contact_source,
  tags        text[],
  notes       text,
  -- De-duplication keys: the email in lower case, the phone's digits.
  email_key   text,
  phone_key   text,
  -- The line this one repeats (same email or phone earlier in the file), or
  -- the existing contact it matched (update and skip).
  same_as_line integer,
  contact_id  uuid,
  primary key (import_id, line_no)
);
create index idx_contact_import_rows_pending on public.contact_import_rows (import_id, line_no)
  where outcome is null;
create index idx_contact_import_rows_report on public.contact_import_rows (import_id, line_no)
  where outcome in ('skip', 'reject');


-- ---------------------------------------------------------------------------
-- Invitations: a contact enrolled as a distributor sets a password with a
-- single-use link. Only the SHA-256 of the token is stored; mlm_app cannot
-- read this table at all (definer functions only).
-- ---------------------------------------------------------------------------

create table private.user_invitations (
  id          uuid primary key default gen_random_uuid(),
  user_id     uuid not null references public.users (id) on delete cascade,
  token_hash  text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  created_by  uuid references public.users (id) on delete set null,
  expires_at  timestamptz not null,
  used_at     timestamptz,
  revoked_at  timestamptz,
  created_at  timestamptz not null default public.app_now()
);
create index idx_user_invitations_user on private.user_invitations (user_id);
alter table private.user_invitations enable row level security, force row level security;


-- ---------------------------------------------------------------------------
-- Indexes for search, de-duplication, the board, "my day" and reminders
-- ---------------------------------------------------------------------------

-- Lists, per owner and over everyone, in each sort the list offers: the
-- search reads the first rows in list order (api.contact_search).
create index idx_contacts_owner_updated on public.contacts (owner_id, updated_at desc, id);
create index idx_contacts_updated on public.contacts (updated_at desc, id);
create index idx_contacts_owner_name on public.contacts (owner_id, name, id);
create index idx_contacts_name on public.contacts (name, id);
create index idx_contacts_owner_score on public.contacts (owner_id, lead_score desc, updated_at desc, id);
create index idx_contacts_score on public.contacts (lead_score desc, updated_at desc, id);
create index idx_contacts_owner_follow_up on public.contacts (owner_id, next_follow_up, id);
create index idx_contacts_follow_up on public.contacts (next_follow_up, id);
-- De-duplication by email (case-insensitive) or phone (digits only), per owner.
create index idx_contacts_owner_email_lower on public.contacts (owner_id, lower(email))
  where email is not null;
create index idx_contacts_owner_phone_digits on public.contacts (owner_id, regexp_replace(phone, '\D', '', 'g'))
  where phone is not null;
-- Search by any run of a phone number's digits; by tag.
create index idx_contacts_phone_digits_trgm on public.contacts
  using gin (regexp_replace(phone, '\D', '', 'g') gin_trgm_ops) where phone is not null;
create index idx_contacts_tags on public.contacts using gin (tags);
-- A stage that is rare among the first rows of a list (see api.contact_search_ids).
create index idx_contacts_stage on public.contacts (stage, lead_score desc, updated_at desc, id);

-- Reminders not sent yet, by due time.
create index idx_tasks_reminder_due on public.tasks (due_at)
  where not reminder_sent and status in ('pending', 'in_progress') and due_at is not null;
create index idx_tasks_assignee_due on public.tasks (assignee_id, due_at)
  where status in ('pending', 'in_progress');


-- ---------------------------------------------------------------------------
-- Grants and row-level security
-- ---------------------------------------------------------------------------

grant select, insert, update, delete on
  public.lead_score_rules, public.contact_saved_filters,
  public.contact_imports, public.contact_import_rows
  to mlm_app;

alter table public.lead_score_rules      enable row level security, force row level security;
alter table public.contact_saved_filters enable row level security, force row level security;
alter table public.contact_imports       enable row level security, force row level security;
alter table public.contact_import_rows   enable row level security, force row level security;

-- Rules: everyone signed in reads them (a score must be explainable to whoever
-- sees it); only admins change them.
create policy lead_score_rules__select_signed_in on public.lead_score_rules for select to mlm_app
  using ((select auth.user_role()) is not null);
create policy lead_score_rules__all_admin on public.lead_score_rules for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

-- Saved filters: a distributor's and a manager's own; auditors read (they
-- write nothing); admins all.
create policy contact_saved_filters__all_own on public.contact_saved_filters for all to mlm_app
  using ((select auth.has_role('distributor', 'manager')) and user_id = (select auth.user_id()))
  with check ((select auth.has_role('distributor', 'manager')) and user_id = (select auth.user_id()));
create policy contact_saved_filters__select_auditor on public.contact_saved_filters for select to mlm_app
  using ((select auth.has_role('auditor')));
create policy contact_saved_filters__all_admin on public.contact_saved_filters for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

-- Imports: as contacts. A distributor imports only into its own contacts.
create policy contact_imports__select_distributor on public.contact_imports for select to mlm_app
  using ((select auth.has_role('distributor')) and owner_id = (select auth.user_id()));
create policy contact_imports__insert_distributor on public.contact_imports for insert to mlm_app
  with check ((select auth.has_role('distributor'))
              and owner_id = (select auth.user_id()) and created_by = (select auth.user_id()));
create policy contact_imports__update_distributor on public.contact_imports for update to mlm_app
  using ((select auth.has_role('distributor')) and owner_id = (select auth.user_id()))
  with check ((select auth.has_role('distributor')) and owner_id = (select auth.user_id()));
create policy contact_imports__delete_distributor on public.contact_imports for delete to mlm_app
  using ((select auth.has_role('distributor')) and owner_id = (select auth.user_id()));
create policy contact_imports__all_manager on public.contact_imports for all to mlm_app
  using ((select auth.has_role('manager'))) with check ((select auth.has_role('manager')));
create policy contact_imports__select_auditor on public.contact_imports for select to mlm_app
  using ((select auth.has_role('auditor')));
create policy contact_imports__all_admin on public.contact_imports for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));

-- Staged rows follow their import (the imports policies limit `i`).
create policy contact_import_rows__all_distributor on public.contact_import_rows for all to mlm_app
  using ((select auth.has_role('distributor'))
         and exists (select from public.contact_imports i
                      where i.id = contact_import_rows.import_id and i.owner_id = (select auth.user_id())))
  with check ((select auth.has_role('distributor'))
              and exists (select from public.contact_imports i
                           where i.id = contact_import_rows.import_id and i.owner_id = (select auth.user_id())));
create policy contact_import_rows__all_manager on public.contact_import_rows for all to mlm_app
  using ((select auth.has_role('manager'))) with check ((select auth.has_role('manager')));
create policy contact_import_rows__select_auditor on public.contact_import_rows for select to mlm_app
  using ((select auth.has_role('auditor')));
create policy contact_import_rows__all_admin on public.contact_import_rows for all to mlm_app
  using ((select auth.is_admin())) with check ((select auth.is_admin()));
