-- Resources, needs (public part + private contacts), supports, activities and user profiles.
-- Need statuses follow the moderation workflow (20261126110200_moderation.sql).

create table public.resource_categories (
  slug text primary key check (slug ~ '^[a-z0-9-]{1,40}$'),
  label_pl text not null,
  label_en text not null,
  color text not null check (color ~ '^#[0-9a-f]{6}$'),
  sort integer not null default 0
);

create table public.need_categories (
  slug text primary key check (slug ~ '^[a-z0-9-]{1,40}$'),
  label_pl text not null,
  label_en text not null,
  color text not null check (color ~ '^#[0-9a-f]{6}$'),
  sort integer not null default 0
);

-- Reference lists of resource and need categories; seeds may extend them.
insert into public.resource_categories (slug, label_pl, label_en, color, sort) values
  ('swietlica', 'świetlica wiejska', 'village hall', '#1f77b4', 10),
  ('osp', 'remiza OSP', 'volunteer fire station', '#d62728', 20),
  ('szkola', 'szkoła / przedszkole', 'school / kindergarten', '#2ca02c', 30),
  ('biblioteka', 'biblioteka', 'library', '#8c564b', 40),
  ('dom-kultury', 'dom kultury', 'cultural centre', '#9467bd', 50),
  ('parafia', 'parafia', 'parish', '#7f7f7f', 60),
  ('obiekt-sportowy', 'boisko / obiekt sportowy', 'sports ground or facility', '#17becf', 70),
  ('plac-zabaw', 'plac zabaw', 'playground', '#bcbd22', 80),
  ('kgw', 'koło gospodyń wiejskich', 'farm women''s circle (KGW)', '#e377c2', 90),
  ('stowarzyszenie', 'stowarzyszenie / fundacja', 'association / foundation', '#ff7f0e', 100),
  ('klub-sportowy', 'klub sportowy', 'sports club', '#0b6e4f', 110),
  ('przedsiebiorstwo', 'przedsiębiorstwo', 'business', '#5b4a9e', 120),
  ('agroturystyka', 'gospodarstwo agroturystyczne', 'agritourism farm', '#a05a2c', 130),
  ('instytucja-publiczna', 'instytucja publiczna', 'public institution', '#2f4b7c', 140),
  ('zabytek', 'zabytek / dziedzictwo kulturowe', 'monument / cultural heritage', '#b8860b', 150),
  ('miejsce-spotkan', 'miejsce spotkań pod gołym niebem', 'outdoor meeting place', '#3b7d23', 160)
on conflict (slug) do nothing;

insert into public.need_categories (slug, label_pl, label_en, color, sort) values
  ('integracja', 'integracja i wydarzenia', 'community and events', '#c2410c', 10),
  ('kultura', 'kultura i dziedzictwo', 'culture and heritage', '#7e22ce', 20),
  ('edukacja', 'edukacja', 'education', '#1d4ed8', 30),
  ('seniorzy', 'seniorzy', 'older people', '#be185d', 40),
  ('dzieci-i-mlodziez', 'dzieci i młodzież', 'children and youth', '#0f766e', 50),
  ('sport-i-rekreacja', 'sport i rekreacja', 'sport and recreation', '#15803d', 60),
  ('przestrzen-publiczna', 'przestrzeń publiczna i infrastruktura', 'public space and infrastructure', '#475569', 70),
  ('srodowisko', 'środowisko', 'environment', '#4d7c0f', 80),
  ('bezpieczenstwo', 'bezpieczeństwo', 'safety', '#b91c1c', 90),
  ('transport', 'transport', 'transport', '#0369a1', 100),
  ('zdrowie-i-pomoc', 'zdrowie i pomoc społeczna', 'health and social care', '#a21caf', 110),
  ('przedsiebiorczosc', 'przedsiębiorczość', 'entrepreneurship', '#a16207', 120)
on conflict (slug) do nothing;

create table public.resources (
  id uuid primary key default gen_random_uuid(),
  region_id bigint not null references public.regions (id) on delete cascade,
  category text not null references public.resource_categories (slug),
  name text not null check (char_length(name) between 1 and 200),
  description text not null default '' check (char_length(description) <= 4000),
  address text check (char_length(address) <= 300),
  point extensions.geometry(Point, 4326) not null,
  locality_id bigint references public.localities (id) on delete set null,
  status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
  is_demo boolean not null default false,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index resources_region_idx on public.resources (region_id);
create index resources_category_idx on public.resources (category);
create index resources_locality_idx on public.resources (locality_id);
create index resources_point_idx on public.resources using gist (point);

create table public.needs (
  id uuid primary key default gen_random_uuid(),
  ref text unique,
  region_id bigint not null references public.regions (id) on delete cascade,
  kind text not null check (kind in ('potrzeba', 'pomysl')),
  category text not null references public.need_categories (slug),
  title text not null check (char_length(btrim(title)) between 3 and 120),
  description text not null default '' check (char_length(description) <= 2000),
  point extensions.geometry(Point, 4326) not null,
  locality_id bigint references public.localities (id) on delete set null,
  status text not null default 'nowe' check (status in (
    'nowe', 'opublikowane', 'w_analizie', 'zaplanowane', 'w_realizacji', 'zrealizowane',
    'odrzucone', 'polaczone')),
  support_count integer not null default 0 check (support_count >= 0),
  entered_by_organizer boolean not null default false,
  merged_into uuid references public.needs (id) on delete set null,
  is_demo boolean not null default false,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index needs_region_idx on public.needs (region_id);
create index needs_category_idx on public.needs (category);
create index needs_locality_idx on public.needs (locality_id);
create index needs_status_idx on public.needs (status);
create index needs_merged_into_idx on public.needs (merged_into);
create index needs_point_idx on public.needs using gist (point);

-- Contact data of the reporter: its own table, never granted to anon (RODO: personal data).
create table public.need_contacts (
  need_id uuid primary key references public.needs (id) on delete cascade,
  email text check (char_length(email) <= 254),
  phone text check (char_length(phone) <= 40),
  consent_text text not null,
  consented_at timestamptz not null default now(),
  check (num_nonnulls(email, phone) >= 1)
);

-- One support per browser (hashed device token) or per account.
create table public.need_supports (
  id bigint generated always as identity primary key,
  need_id uuid not null references public.needs (id) on delete cascade,
  device_hash text check (device_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid,
  created_at timestamptz not null default now(),
  check (num_nonnulls(device_hash, user_id) = 1),
  unique (need_id, device_hash),
  unique (need_id, user_id)
);

-- Activities of the CUS programme "Pobudzanie aktywności obywatelskiej"; a skeleton that
-- 20261126100000_organizer_base.sql and 20261126110100_activities.sql extend.
create table public.activities (
  id uuid primary key default gen_random_uuid(),
  region_id bigint not null references public.regions (id) on delete cascade,
  title text not null check (char_length(title) between 3 and 200),
  description text not null default '' check (char_length(description) <= 4000),
  programme_category text not null check (programme_category in (
    'animacja-lokalna', 'edukacja-srodowiskowa', 'dzialania-aktywizujace')),
  locality_id bigint references public.localities (id) on delete set null,
  starts_on date,
  ends_on date,
  status text not null default 'planowane' check (status in ('planowane', 'zrealizowane', 'odwolane')),
  published boolean not null default false,
  is_demo boolean not null default false,
  created_by uuid,
  created_at timestamptz not null default now(),
  check (ends_on is null or starts_on is null or ends_on >= starts_on)
);
create index activities_region_idx on public.activities (region_id);
create index activities_locality_idx on public.activities (locality_id);

create table public.activity_needs (
  activity_id uuid not null references public.activities (id) on delete cascade,
  need_id uuid not null references public.needs (id) on delete cascade,
  primary key (activity_id, need_id)
);
create index activity_needs_need_idx on public.activity_needs (need_id);

-- Staff roles. The id is the auth user's id (auth.users on Supabase, a local account otherwise);
-- no foreign key, because auth.users exists only on Supabase.
create table public.profiles (
  id uuid primary key,
  display_name text not null default '' check (char_length(display_name) <= 200),
  role text not null check (role in ('organizer', 'council', 'admin')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Per-region, per-year counter behind human references such as KR-2026-0042.
create table private.need_ref_counters (
  region_id bigint not null references public.regions (id) on delete cascade,
  year integer not null,
  last_value integer not null default 0,
  primary key (region_id, year)
);
