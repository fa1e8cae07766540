-- Roles, schemas and extensions everything else stands on.
--
-- Roles are cluster-wide, so they are created only when missing (several
-- databases, such as the test databases, share one server):
--   mlm_app      NOLOGIN, no BYPASSRLS, owns nothing: the identity of every
--                request and job (`set_config('role', 'mlm_app', true)`).
--   mlm_web      LOGIN, owns nothing, NOINHERIT member of mlm_app: the role the
--                web app and the worker connect as. Without the first
--                statement of a transaction it can read nothing at all.
--   mlm_definer  NOLOGIN BYPASSRLS, owns only the security definer functions
--                that must cross RLS on purpose (sign-in, audit, close).
do $$
begin
  if not exists (select from pg_roles where rolname = 'mlm_app') then
    create role mlm_app nologin nobypassrls;
  end if;
  if not exists (select from pg_roles where rolname = 'mlm_web') then
    create role mlm_web login noinherit nobypassrls;
  end if;
  if not exists (select from pg_roles where rolname = 'mlm_definer') then
    create role mlm_definer nologin bypassrls;
  end if;
end
$$;

grant mlm_app to mlm_web;
-- PostgreSQL 16+ requires the migrating role to hold ADMIN on mlm_definer to
-- hand it function ownership; a superuser already can.

create extension if not exists pg_trgm;
create extension if not exists citext;
create extension if not exists btree_gist;

-- api: what the app calls; auth: policy helpers; private: definer and batch
-- code plus tables mlm_app must never read (credentials, migrations).
create schema if not exists api;
create schema if not exists auth;
create schema if not exists private;
create schema if not exists huey;

revoke all on schema private from public;
revoke create on schema public from public;
grant usage on schema public, api, auth to mlm_app;
grant usage on schema private to mlm_definer;
grant usage on schema public, auth to mlm_definer;

-- Functions are executable only where granted: nothing by PUBLIC.
alter default privileges revoke execute on functions from public;
alter default privileges in schema api revoke execute on functions from public;
alter default privileges in schema auth revoke execute on functions from public;
alter default privileges in schema private revoke execute on functions from public;

-- The one clock. `app.now` pins it for tests and for what-if runs; it is a
-- transaction-local setting, so a pinned clock never leaks to the next user
-- of a pooled connection.
create or replace function public.app_now() returns timestamptz
language sql stable parallel safe
set search_path = ''
as $$
  select coalesce(nullif(current_setting('app.now', true), '')::timestamptz,
                  pg_catalog.now())
$$;
grant execute on function public.app_now() to mlm_app, mlm_definer;
grant select on private.schema_migrations to mlm_definer;
