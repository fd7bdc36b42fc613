-- Geography of a region (a gmina): boundary, localities with approximate areas, sołectwa and
-- address points. Valid on Supabase (PostgreSQL 15+, PostGIS 3.3+).

create extension if not exists postgis with schema extensions;
create extension if not exists pg_trgm with schema extensions;

-- Helpers that must not be callable through the API live in `private`, which PostgREST does not
-- expose (Supabase linter: security definer functions in exposed schemas).
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;

-- Folds case and Polish diacritics so that "kramsk legi" finds "Kramsk-Łęgi".
-- translate() instead of unaccent(): it is immutable, so it can back a generated column and index.
create or replace function private.fold(p_text text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select btrim(regexp_replace(
    lower(translate(coalesce(p_text, ''), 'ĄĆĘŁŃÓŚŹŻąćęłńóśźżÄÖÜäöüß', 'ACELNOSZZacelnoszzAOUaous')),
    '[^a-z0-9]+', ' ', 'g'))
$$;

create or replace function private.slugify(p_text text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select replace(private.fold(p_text), ' ', '-')
$$;

create table public.regions (
  id bigint generated always as identity primary key,
  slug text not null unique check (slug ~ '^[a-z0-9-]{1,60}$'),
  name text not null check (char_length(name) between 1 and 200),
  teryt text,
  -- Prefix of human need references, e.g. KR-2026-0042.
  ref_prefix text not null default 'KR' check (ref_prefix ~ '^[A-Z]{2,4}$'),
  boundary extensions.geometry(MultiPolygon, 4326) not null,
  sources jsonb not null default '[]'::jsonb,
  loaded_at timestamptz not null default now()
);
comment on table public.regions is 'A gmina with its official boundary (PRG).';

create table public.localities (
  id bigint generated always as identity primary key,
  region_id bigint not null references public.regions (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  slug text not null check (slug ~ '^[a-z0-9-]{1,80}$'),
  point extensions.geometry(Point, 4326) not null,
  -- Where the point comes from: a read coordinate, or "derived from PRG address points".
  point_source text not null,
  area extensions.geometry(MultiPolygon, 4326),
  area_note text,
  address_point_count integer not null default 0,
  population integer check (population >= 0),
  population_year text,
  population_source text,
  source text,
  unique (region_id, slug)
);
comment on column public.localities.area is
  'Approximate: Voronoi cells of the PRG address points, unioned per locality and clipped to the region boundary. Not an official boundary.';
create index localities_area_idx on public.localities using gist (area);
create index localities_point_idx on public.localities using gist (point);

create table public.solectwa (
  id bigint generated always as identity primary key,
  region_id bigint not null references public.regions (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  slug text not null check (slug ~ '^[a-z0-9-]{1,80}$'),
  seat_locality_id bigint references public.localities (id) on delete set null,
  population integer check (population >= 0),
  population_year text,
  population_note text,
  source text,
  notes text,
  unique (region_id, slug)
);
create index solectwa_seat_idx on public.solectwa (seat_locality_id);

-- Many-to-many on purpose: the village Kramsk is split between two sołectwa. A locality without a
-- row here is "unassigned": the sources do not say, and we never guess.
create table public.solectwo_localities (
  solectwo_id bigint not null references public.solectwa (id) on delete cascade,
  locality_id bigint not null references public.localities (id) on delete cascade,
  primary key (solectwo_id, locality_id)
);
create index solectwo_localities_locality_idx on public.solectwo_localities (locality_id);

create table public.address_points (
  id bigint generated always as identity primary key,
  locality_id bigint not null references public.localities (id) on delete cascade,
  street text,
  housenumber text not null,
  point extensions.geometry(Point, 4326) not null,
  label text not null,
  search_text text generated always as (private.fold(label)) stored
);
create index address_points_locality_idx on public.address_points (locality_id);
create index address_points_point_idx on public.address_points using gist (point);
create index address_points_search_idx on public.address_points
  using gin (search_text extensions.gin_trgm_ops);
