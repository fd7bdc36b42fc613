-- Baseline of the schema, one file per concern; each object is defined once, in its final form.
-- Valid on Supabase (PostgreSQL 15+, PostGIS 3.3+), on plain PostgreSQL and on embedded PGlite
-- (supabase/local/bootstrap.sql first creates there what a Supabase project already provides).
-- `npm run db:schema` writes the resulting catalogue to supabase/schema.sql.
--
-- This file: extensions, the schema `private`, small helpers every later file uses, and the
-- per-database secret.

create extension if not exists postgis with schema extensions;

create extension if not exists pg_trgm with schema extensions;
create extension if not exists pgcrypto with schema extensions;

-- Helpers that must not be callable through the API live in `private`, which PostgREST does not
-- expose (Supabase linter: security definer functions in exposed schemas).
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;

-- Folds case and Polish diacritics so that "kramsk legi" finds "Kramsk-Łęgi".
-- translate() instead of unaccent(): it is immutable, so it can back a generated column and index.
create or replace function private.fold(p_text text) returns text
language sql immutable parallel safe set search_path = '' as $$
  select btrim(regexp_replace(
    lower(translate(coalesce(p_text, ''), 'ĄĆĘŁŃÓŚŹŻąćęłńóśźżÄÖÜäöüß', 'ACELNOSZZacelnoszzAOUaous')),
    '[^a-z0-9]+', ' ', 'g'))
$$;

create or replace function private.slugify(p_text text) returns text
language sql immutable parallel safe set search_path = '' as $$
  select replace(private.fold(p_text), ' ', '-')
$$;

create or replace function private.touch_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- Server-side secret for HMACs (status links derived from idempotency keys, hashed device tokens
-- and IP addresses). Generated once per database; readable only by the owner.
create table private.app_secrets (
  name text primary key,
  value text not null check (char_length(value) >= 32)
);
comment on table private.app_secrets is 'Per-database secrets (the HMAC key of signed request contexts and links); owner only.';

alter table private.app_secrets enable row level security;

revoke all on private.app_secrets from anon, authenticated;

insert into private.app_secrets (name, value)
values ('hmac', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
on conflict (name) do nothing;

-- Local wall-clock time in the gmina; the forms and the calendar speak it.
create or replace function private.local_time(p_at timestamptz) returns timestamp
language sql stable set search_path = '' as $$ select p_at at time zone 'Europe/Warsaw' $$;

revoke all on function private.touch_updated_at()
  from public, anon, authenticated, service_role;

revoke all on function private.local_time(timestamp with time zone)
  from public, anon, authenticated, service_role;
grant execute on function private.local_time(timestamp with time zone)
  to anon, authenticated, service_role;

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.fold(text) is 'Lower case without Polish diacritics and punctuation, for search and slugs.';
comment on function private.slugify(text) is 'URL slug of a name: private.fold with hyphens.';
comment on function private.touch_updated_at() is 'Trigger: sets updated_at to now() on every update.';
comment on function private.local_time(timestamp with time zone) is 'A moment as wall-clock time in Europe/Warsaw.';
