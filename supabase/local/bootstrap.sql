-- Local bootstrap: creates what a Supabase project already provides, so that the migrations in
-- supabase/migrations run unchanged on embedded PGlite and on plain PostgreSQL.
-- Applied by `npm run db:migrate` before the migrations on any database that is not Supabase.
-- Idempotent: roles are cluster-wide and may already exist; everything else uses IF NOT EXISTS
-- or CREATE OR REPLACE.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

-- The connecting owner must be able to `set role` to the API roles, as PostgREST's authenticator does.
grant anon, authenticated, service_role to current_user;

-- Supabase installs extensions in the schema `extensions`, never in `public` (linter 0014).
create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;
create extension if not exists postgis with schema extensions;
create extension if not exists pg_trgm with schema extensions;

-- Supabase's auth helpers, reading the claims as Supabase's do: the JWT claims that the request
-- transaction sets with set_config('request.jwt.claims', …, true). An empty setting means no claims.
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

-- One claim of the request by name: the single-claim setting request.jwt.claim.<name> (older
-- PostgREST) or the claims object, as Supabase's auth.uid() and auth.role() read them.
create or replace function auth.claim(p_name text) returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.' || p_name, true), ''),
    nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> p_name
  )
$$;

create or replace function auth.uid() returns uuid
language sql stable
as $$ select auth.claim('sub')::uuid $$;

create or replace function auth.role() returns text
language sql stable
as $$ select auth.claim('role') $$;

create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

grant execute on function auth.claim(text), auth.uid(), auth.role(), auth.jwt()
  to anon, authenticated, service_role;

-- Supabase's default privileges in `public`: the API roles get table and function privileges and
-- RLS decides. Reproducing them here means a migration that forgets a REVOKE fails the same way
-- locally as it would on Supabase.
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
