-- Geography of a region (a gmina): boundary, localities with their areas (approximate Voronoi
-- areas, or official boundaries an admin uploaded in /panel/obszar), sołectwa and address
-- points; the category lists; loading a region folder (data/regions/<slug>/, run only by the
-- owner when seeding); and the public read functions of the map's base layers. SECURITY
-- INVOKER read functions return json so the server passes the text through without
-- re-serialising.

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
  -- Where the area comes from. 'approximate': derived by the app (Voronoi cells of PRG address
  -- points); 'official': uploaded by an admin from the gmina's or GUGiK's boundary data.
  area_source text not null default 'approximate' check (area_source in ('approximate', 'official')),
  area_source_note text check (char_length(area_source_note) <= 500),
  -- TERYT SIMC identifier, when known: an upload can then be matched by code, not only by name.
  teryt_simc text check (teryt_simc ~ '^[0-9]{7}$'),
  unique (region_id, slug)
);
comment on table public.localities is 'Villages (miejscowości) of a region: label point, area, address point count, population.';

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
  -- The sołtys holds a public office (elected village head): a name, no contact data.
  soltys text check (char_length(btrim(soltys)) between 1 and 200),
  soltys_since date,
  population_source text check (char_length(population_source) <= 500),
  -- None stored for an approximate area: the union of the member localities is implied.
  area extensions.geometry(MultiPolygon, 4326),
  area_source text not null default 'approximate' check (area_source in ('approximate', 'official')),
  area_source_note text check (char_length(area_source_note) <= 500),
  unique (region_id, slug)
);
comment on table public.solectwa is 'Sołectwa (village councils) of a region, with sołtys, population and an official area if known.';

create index solectwa_seat_idx on public.solectwa (seat_locality_id);

create index solectwa_area_idx on public.solectwa using gist (area);

comment on column public.solectwa.area is
  'Official boundary of the sołectwo when uploaded (area_source = official); otherwise null.';

-- Many-to-many on purpose: the village Kramsk is split between two sołectwa. A locality without a
-- row here is "unassigned": the sources do not say, and we never guess.
select private.create_link_table('solectwo_localities', 'solectwo_id', 'public.solectwa',
  'locality_id', 'public.localities',
  'Which localities belong to which sołectwo (many-to-many; Kramsk is split in two).');

create table public.address_points (
  id bigint generated always as identity primary key,
  locality_id bigint not null references public.localities (id) on delete cascade,
  street text,
  housenumber text not null,
  point extensions.geometry(Point, 4326) not null,
  label text not null,
  search_text text generated always as (private.fold(label)) stored
);
comment on table public.address_points is 'PRG address points of each locality, searchable by folded label.';

create index address_points_locality_idx on public.address_points (locality_id);

create index address_points_point_idx on public.address_points using gist (point);

create index address_points_search_idx on public.address_points
  using gin (search_text extensions.gin_trgm_ops);

-- The two category lists have the same columns.
do $$
declare
  t text;
begin
  foreach t in array array['resource_categories', 'need_categories'] loop
    execute format($sql$create table public.%I (
      slug text primary key check (slug ~ '^[a-z0-9-]{1,40}$'),
      label_pl text not null,
      label_en text not null,
      color text not null check (color ~ '^#[0-9a-f]{6}$'),
      sort integer not null default 0
    )$sql$, t);
  end loop;
end
$$;
comment on table public.resource_categories is 'Categories of resources, with Polish and English labels and a map colour.';
comment on table public.need_categories is 'Categories of needs, with Polish and English labels and a map colour.';

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

-- Points must lie inside their region, and each item is attached to the locality whose
-- approximate area contains it. The same check runs in the browser with turf;
-- this one is authoritative. SECURITY DEFINER: reads the private reference counter.
create or replace function private.place_item() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_inside boolean;
begin
  select extensions.st_covers(r.boundary, new.point) into v_inside
  from public.regions r where r.id = new.region_id;
  if not coalesce(v_inside, false) then
    raise exception using errcode = '23514', message = 'point_outside_region',
      detail = 'The point lies outside the region boundary.';
  end if;
  -- Compared as WKB: with an empty search_path the geometry = operator is ambiguous.
  if tg_op = 'INSERT' or extensions.st_asewkb(new.point) is distinct from extensions.st_asewkb(old.point) then
    new.locality_id := private.locality_at(new.region_id, new.point);
  end if;
  return new;
end
$$;

-- Geography and category lists: open data, read by everyone; written by admins only (the
-- region's structure is administered in /panel/obszar).
do $$
declare
  t text;
begin
  foreach t in array array['regions', 'localities', 'solectwa', 'solectwo_localities',
    'address_points', 'resource_categories', 'need_categories']
  loop
    perform private.lock_table(format('public.%I', t)::regclass);
    execute format('grant select on public.%I to anon', t);
    execute format('grant select, insert, update, delete on public.%I to authenticated', t);
    execute format('create policy %I on public.%I for select to anon, authenticated using (true)', t || '_read', t);
    execute format('create policy %I on public.%I for insert to authenticated with check ((select private.is_admin()))', t || '_insert', t);
    execute format('create policy %I on public.%I for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()))', t || '_update', t);
    execute format('create policy %I on public.%I for delete to authenticated using ((select private.is_admin()))', t || '_delete', t);
  end loop;
end
$$;

-- GeoJSON (RFC 7946) building blocks of the map layers and exports. Every geometry the app
-- serves as GeoJSON is written by geojson_geometry: coordinates to 6 decimals (about 0.1 m), and
-- the winding RFC 7946 §3.1.6 requires, exterior rings counter-clockwise and holes clockwise
-- (ST_ForcePolygonCCW; PostGIS stores rings either way, and PRG/Voronoi areas come clockwise;
-- points and lines pass unchanged). A Feature of a geometry with its properties, and a
-- FeatureCollection of aggregated features (empty, never null, when there are none).
create or replace function private.geojson_geometry(p_geometry extensions.geometry)
returns json language sql immutable parallel safe set search_path = '' as $$
  select extensions.st_asgeojson(extensions.st_forcepolygonccw(p_geometry), 6)::json
$$;

create or replace function private.geojson_feature(p_geometry extensions.geometry, p_properties json)
returns json language sql immutable parallel safe set search_path = '' as $$
  select json_build_object('type', 'Feature',
    'geometry', private.geojson_geometry(p_geometry), 'properties', p_properties)
$$;

create or replace function private.geojson_collection(p_features json)
returns json language sql immutable parallel safe set search_path = '' as $$
  select json_build_object('type', 'FeatureCollection', 'features', coalesce(p_features, '[]'::json))
$$;

-- The names of the sołectwa a locality belongs to, in name order (empty when unassigned). Map
-- layers show them comma-separated (array_to_string), the village summaries as a JSON array.
create or replace function private.locality_solectwa(p_locality bigint)
returns text[] language sql stable set search_path = '' as $$
  select array(
    select s.name
    from public.solectwo_localities sl join public.solectwa s on s.id = sl.solectwo_id
    where sl.locality_id = p_locality
    order by private.sort_key_pl(s.name))
$$;

create or replace function public.region_geojson(p_region text)
returns json language sql stable set search_path = '' as $$
  select private.geojson_feature(r.boundary,
    json_build_object('slug', r.slug, 'name', r.name, 'teryt', r.teryt))
  from public.regions r
  where r.slug = p_region
$$;

-- The id of the region with a slug; 22023 (invalid_parameter_value) for an unknown one, which
-- the API turns into a 400.
create or replace function private.region_id(p_slug text)
returns bigint language plpgsql stable set search_path = '' as $$
declare
  v_id bigint;
begin
  select r.id into v_id from public.regions r where r.slug = p_slug;
  if v_id is null then
    raise exception using errcode = '22023', message = format('unknown region: %s', p_slug);
  end if;
  return v_id;
end
$$;
select private.grant_execute('authenticated, service_role', 'private.region_id(text)');

-- The id of a village (p_kind 'locality') or sołectwo (p_kind 'solectwo') of a region by its
-- slug: null for an empty slug, and an error with the caller's SQLSTATE and message when the
-- region has no such place (each API answers its own code for it).
create or replace function private.area_id(p_kind text, p_region_id bigint, p_slug text,
  p_errcode text, p_message text)
returns bigint language plpgsql stable set search_path = '' as $$
declare
  v_id bigint;
begin
  if nullif(p_slug, '') is null then
    return null;
  end if;
  if p_kind = 'solectwo' then
    select s.id into v_id from public.solectwa s where s.region_id = p_region_id and s.slug = p_slug;
  else
    select l.id into v_id from public.localities l where l.region_id = p_region_id and l.slug = p_slug;
  end if;
  if v_id is null then
    raise exception using errcode = p_errcode, message = p_message;
  end if;
  return v_id;
end
$$;
select private.grant_execute('authenticated, service_role',
  'private.area_id(text,bigint,text,text,text)');

-- Unknown filter values are the caller's mistake: SQLSTATE 22023 (invalid_parameter_value),
-- which the API turns into a 400 with this message, instead of an empty result that hides a typo.
create or replace function private.check_filters(p_region text, p_kind text, p_category text, p_village text)
returns void language plpgsql stable set search_path = '' as $$
begin
  if not exists (select 1 from public.regions r where r.slug = p_region) then
    raise exception using errcode = '22023', message = format('unknown region: %s', p_region);
  end if;
  if p_category is not null and not exists (
    select 1 from public.resource_categories c where p_kind = 'resource' and c.slug = p_category
    union all
    select 1 from public.need_categories c where p_kind = 'need' and c.slug = p_category
  ) then
    raise exception using errcode = '22023', message = format('unknown category: %s', p_category);
  end if;
  if p_village is not null and not exists (
    select 1 from public.localities l join public.regions r on r.id = l.region_id
    where r.slug = p_region and l.slug = p_village
  ) then
    raise exception using errcode = '22023', message = format('unknown village: %s', p_village);
  end if;
end
$$;

-- Search over the PRG register: localities (the village itself) first, then address points.
-- Strict pass: every query word must start a word of the name or address; whole-word matches
-- (house number "6" before "6A" and "16") and trigram similarity rank them. Typo pass, only when
-- the strict pass finds nothing: a query word of 3+ letters may instead be trigram-similar
-- (pg_trgm strict_word_similarity >= 0.4) to whole words of the text, so "Krmsk" finds Kramsk. The
-- thresholds are literals, not the pg_trgm.* settings, so the result never depends on a GUC.
create or replace function public.search_addresses(p_region text, p_query text, p_limit integer)
returns json language sql stable set search_path = '' as $$
  -- Street-type words ("ul. Pogorzelna") are not part of PRG street names: drop them.
  with raw as (
    select array(
      select w from unnest(regexp_split_to_array(private.fold(p_query), ' ')) as w
      where w <> '' and w not in ('ul', 'ulica', 'al', 'aleja', 'aleje', 'os', 'osiedle', 'pl', 'plac')
    ) as words
  ),
  q as (
    select array_to_string(raw.words, ' ') as text, raw.words from raw
  ),
  entries as (
    select 0 as kind_rank, 'locality' as kind, l.name as label, l.name as locality, l.slug,
      null::text as street, null::text as housenumber, l.point,
      coalesce(l.area, l.point) as extent, private.fold(l.name) as search_text
    from public.localities l
    join public.regions r on r.id = l.region_id
    where r.slug = p_region
    union all
    select 1, 'address', a.label, l.name, l.slug, a.street, a.housenumber, a.point, null,
      a.search_text
    from public.address_points a
    join public.localities l on l.id = a.locality_id
    join public.regions r on r.id = l.region_id
    where r.slug = p_region
  ),
  strict_hits as (
    select e.* from entries e cross join q
    where cardinality(q.words) > 0
      and not exists (
        select 1 from unnest(q.words) w
        where (' ' || e.search_text) not like ('% ' || w || '%'))
  ),
  typo_hits as (
    select e.* from entries e cross join q
    where cardinality(q.words) > 0
      and not exists (select 1 from strict_hits)
      and not exists (
        select 1 from unnest(q.words) w
        where (' ' || e.search_text) not like ('% ' || w || '%')
          and not (w ~ '[a-z]{3}' and extensions.strict_word_similarity(w, e.search_text) >= 0.4))
  ),
  hits as (
    select h.*,
      (select count(*) from unnest(q.words) w
        where (' ' || h.search_text || ' ') like ('% ' || w || ' %')) as whole_words,
      extensions.similarity(h.search_text, q.text) as sim
    from (select * from strict_hits union all select * from typo_hits) h
    cross join q
    order by h.kind_rank, whole_words desc, sim desc, length(h.search_text), private.sort_key_pl(h.label)
    limit least(greatest(coalesce(p_limit, 10), 1), 50)
  )
  select coalesce(json_agg(json_build_object(
    'kind', h.kind,
    'label', h.label,
    'locality', h.locality,
    'slug', h.slug,
    'street', h.street,
    'housenumber', h.housenumber,
    'lon', round(extensions.st_x(h.point)::numeric, 6),
    'lat', round(extensions.st_y(h.point)::numeric, 6),
    -- A locality's area, for the map to fit; an address is a point (null).
    'bbox', case when h.extent is not null then json_build_array(
      round(extensions.st_xmin(h.extent)::numeric, 6), round(extensions.st_ymin(h.extent)::numeric, 6),
      round(extensions.st_xmax(h.extent)::numeric, 6), round(extensions.st_ymax(h.extent)::numeric, 6))
    end
  ) order by h.kind_rank, h.whole_words desc, h.sim desc, length(h.search_text), private.sort_key_pl(h.label)), '[]'::json)
  from hits h
$$;

create or replace function public.categories()
returns json language sql stable set search_path = '' as $$
  select json_build_object(
    'need', (select coalesce(json_agg(json_build_object(
      'slug', c.slug, 'label_pl', c.label_pl, 'label_en', c.label_en, 'color', c.color) order by c.sort, c.slug), '[]'::json)
      from public.need_categories c),
    'resource', (select coalesce(json_agg(json_build_object(
      'slug', c.slug, 'label_pl', c.label_pl, 'label_en', c.label_en, 'color', c.color) order by c.sort, c.slug), '[]'::json)
      from public.resource_categories c)
  )
$$;

-- Approximate locality areas: Voronoi cells of all address points, unioned per locality and
-- clipped to the region boundary. Computed in EPSG:2180 (PUWG 1992, metres) because Voronoi cells
-- in degrees would be stretched east-west at 52°N. The cells tile the plane, so the areas cover
-- the region without overlaps. Reloading a region folder recomputes only the approximate areas:
-- official ones are kept.
create or replace function private.compute_locality_areas(p_region_id bigint)
returns void language plpgsql set search_path = '' as $$
declare
  v_boundary extensions.geometry;
begin
  select extensions.st_transform(r.boundary, 2180) into v_boundary
  from public.regions r where r.id = p_region_id;

  with pts as (
    select distinct on (extensions.st_x(p.g), extensions.st_y(p.g)) p.g, p.locality_id
    from (
      select extensions.st_transform(a.point, 2180) as g, a.locality_id
      from public.address_points a
      join public.localities l on l.id = a.locality_id
      where l.region_id = p_region_id
    ) p
    order by extensions.st_x(p.g), extensions.st_y(p.g), p.locality_id
  ),
  cells as (
    select (extensions.st_dump(extensions.st_voronoipolygons(
      extensions.st_collect(pts.g), 0, extensions.st_expand(v_boundary, 1000)))).geom as cell
    from pts
  ),
  owned as (
    select p.locality_id, c.cell
    from cells c
    join pts p on extensions.st_intersects(c.cell, p.g)
  ),
  merged as (
    select o.locality_id,
      extensions.st_multi(extensions.st_collectionextract(
        extensions.st_intersection(extensions.st_union(o.cell), v_boundary), 3)) as area
    from owned o
    group by o.locality_id
  )
  update public.localities l
  set area = extensions.st_transform(m.area, 4326),
      area_note = 'approximate: Voronoi cells of PRG address points, unioned per locality and clipped to the boundary (not an official boundary)'
  from merged m
  where l.id = m.locality_id and l.area_source = 'approximate';
end
$$;

-- p_region: { slug, name, teryt, ref_prefix, sources, boundary (GeoJSON geometry),
--   localities: [{ name, lon, lat, point_source, source, population, population_year, population_source }],
--   solectwa: [{ name, seat, population, population_year, population_note, source, notes, localities: [names] }],
--   address_points: [{ locality, street, housenumber, lon, lat }] }
create or replace function private.load_region(p_region jsonb)
returns json language plpgsql set search_path = '' as $$
declare
  v_region_id bigint;
  v_missing text;
begin
  insert into public.regions as r (slug, name, teryt, ref_prefix, boundary, sources, loaded_at)
  values (
    p_region ->> 'slug', p_region ->> 'name', p_region ->> 'teryt',
    coalesce(p_region ->> 'ref_prefix', 'KR'),
    extensions.st_multi(extensions.st_setsrid(extensions.st_geomfromgeojson(p_region -> 'boundary'), 4326)),
    coalesce(p_region -> 'sources', '[]'::jsonb), now())
  on conflict (slug) do update set
    name = excluded.name, teryt = excluded.teryt, ref_prefix = excluded.ref_prefix,
    boundary = excluded.boundary, sources = excluded.sources, loaded_at = now()
  returning r.id into v_region_id;

  insert into public.localities as l (region_id, name, slug, point, point_source, source,
    population, population_year, population_source)
  select v_region_id, x.name, private.slugify(x.name),
    extensions.st_setsrid(extensions.st_makepoint(x.lon, x.lat), 4326),
    x.point_source, x.source, x.population, x.population_year, x.population_source
  from jsonb_to_recordset(p_region -> 'localities') as x(
    name text, lon double precision, lat double precision, point_source text, source text,
    population integer, population_year text, population_source text)
  on conflict (region_id, slug) do update set
    name = excluded.name, point = excluded.point, point_source = excluded.point_source,
    source = excluded.source, population = excluded.population,
    population_year = excluded.population_year, population_source = excluded.population_source;

  select string_agg(distinct x.locality, ', ') into v_missing
  from jsonb_to_recordset(p_region -> 'address_points') as x(locality text)
  where not exists (select 1 from public.localities l
    where l.region_id = v_region_id and l.slug = private.slugify(x.locality));
  if v_missing is not null then
    raise exception 'address points name unknown localities: %', v_missing;
  end if;

  -- The address register is replaced whole: PRG extracts have no stable ids.
  delete from public.address_points a using public.localities l
  where a.locality_id = l.id and l.region_id = v_region_id;
  insert into public.address_points (locality_id, street, housenumber, point, label)
  select l.id, nullif(x.street, ''), x.housenumber,
    extensions.st_setsrid(extensions.st_makepoint(x.lon, x.lat), 4326),
    case when coalesce(x.street, '') = '' then x.locality || ' ' || x.housenumber
         else x.locality || ', ' || x.street || ' ' || x.housenumber end
  from jsonb_to_recordset(p_region -> 'address_points') as x(
    locality text, street text, housenumber text, lon double precision, lat double precision)
  join public.localities l on l.region_id = v_region_id and l.slug = private.slugify(x.locality);

  update public.localities l set address_point_count = (
    select count(*) from public.address_points a where a.locality_id = l.id)
  where l.region_id = v_region_id;

  insert into public.solectwa as s (region_id, name, slug, seat_locality_id, population,
    population_year, population_note, source, notes)
  select v_region_id, x.name, private.slugify(x.name),
    (select l.id from public.localities l where l.region_id = v_region_id and l.slug = private.slugify(x.seat)),
    x.population, x.population_year, x.population_note, x.source, x.notes
  from jsonb_to_recordset(p_region -> 'solectwa') as x(
    name text, seat text, population integer, population_year text, population_note text,
    source text, notes text)
  on conflict (region_id, slug) do update set
    name = excluded.name, seat_locality_id = excluded.seat_locality_id,
    population = excluded.population, population_year = excluded.population_year,
    population_note = excluded.population_note, source = excluded.source, notes = excluded.notes;

  -- Memberships from the source; links added later by the gmina (organizers) are kept.
  insert into public.solectwo_localities (solectwo_id, locality_id)
  select s.id, l.id
  from jsonb_to_recordset(p_region -> 'solectwa') as x(name text, localities jsonb)
  join public.solectwa s on s.region_id = v_region_id and s.slug = private.slugify(x.name)
  cross join lateral jsonb_array_elements_text(x.localities) as m(name)
  join public.localities l on l.region_id = v_region_id and l.slug = private.slugify(m.name)
  on conflict do nothing;

  perform private.compute_locality_areas(v_region_id);

  -- Re-attach existing items to the recomputed areas.
  update public.resources x set locality_id = private.locality_at(v_region_id, x.point)
  where x.region_id = v_region_id;
  update public.needs x set locality_id = private.locality_at(v_region_id, x.point)
  where x.region_id = v_region_id;

  return json_build_object(
    'region_id', v_region_id,
    'localities', (select count(*) from public.localities where region_id = v_region_id),
    'address_points', (select count(*) from public.address_points a join public.localities l
      on l.id = a.locality_id where l.region_id = v_region_id),
    'solectwa', (select count(*) from public.solectwa where region_id = v_region_id));
end
$$;

create trigger localities_audit after insert or update or delete on public.localities
  for each row execute function private.audit_row();

create trigger solectwa_audit after insert or update or delete on public.solectwa
  for each row execute function private.audit_row();

create trigger solectwo_localities_audit after insert or update or delete on public.solectwo_localities
  for each row execute function private.audit_row();

-- The locality whose area contains a point; shared by the placement trigger, the region loader
-- and the official-area upload, which re-attach items after the areas change. Official areas win
-- where they meet approximate ones (a partial upload leaves the other localities' Voronoi areas
-- in place, and those may overlap the new official ones).
create or replace function private.locality_at(p_region_id bigint, p_point extensions.geometry)
returns bigint language sql stable set search_path = '' as $$
  select l.id from public.localities l
  where l.region_id = p_region_id and extensions.st_covers(l.area, p_point)
  order by (l.area_source = 'official') desc, l.id
  limit 1
$$;

-- One uploaded geometry (GeoJSON geometry object, coordinates in p_srid) in EPSG:2180, where
-- areas and distances are in metres; null when PostGIS cannot read it.
create or replace function private.official_geometry(p_geometry jsonb, p_srid integer)
returns extensions.geometry language plpgsql immutable set search_path = '' as $$
begin
  return extensions.st_transform(extensions.st_force2d(extensions.st_setsrid(
    extensions.st_geomfromgeojson(p_geometry::text), p_srid)), 2180);
exception when others then
  return null;
end
$$;

-- Validates official boundaries and, when everything passes and p_dry_run is false, replaces the
-- areas in the same statement's transaction: all or nothing.
-- p_level: 'locality' or 'solectwo'. p_features: [{ name, slug, simc, srid, geometry }] as
-- normalised by src/lib/server/region/parse.ts. Returns a report with codes (the UI words them):
-- { ok, applied, level, features: [{ index, label, target, errors[], warnings[] }], errors[], warnings[] }.
-- Checks per feature: readable polygon, ST_IsValid (reason), inside the gmina with a 20 m
-- tolerance (PRG boundaries from different sources differ by a few metres; stored areas are
-- clipped to the gmina), matched to exactly one locality/sołectwo (TERYT SIMC, slug or name),
-- not matched twice, no overlap over 1 m² with another uploaded feature, and every address point
-- of the matched locality (or of the sołectwo's localities) covered by the upload.
-- SECURITY INVOKER: the writes run under RLS (admin-only policies) in addition to the check below.
create or replace function private.apply_official_areas(
  p_region text, p_level text, p_features jsonb, p_note text, p_dry_run boolean)
returns jsonb
language plpgsql
set search_path = ''
-- The planner's cost estimate of the spatial joins is far above jit_above_cost; on PostgreSQL
-- with LLVM, JIT compilation then took ~9 s of a ~0.1 s query.
set jit = off
as $$
declare
  v_region_id bigint;
  v_report jsonb;
  v_ok boolean;
  v_errors jsonb := '[]'::jsonb;
  v_warnings jsonb := '[]'::jsonb;
  v_count integer;
  v_total integer;
  v_matched integer;
  v_targets bigint[];
  v_areas extensions.geometry[];
begin
  perform private.refuse_unless(private.is_admin(), 'admin_only');
  if p_level not in ('locality', 'solectwo') then
    raise exception using errcode = '22023', message = format('unknown level: %s', p_level);
  end if;
  v_region_id := private.region_id(p_region);
  v_count := coalesce(jsonb_array_length(case when jsonb_typeof(p_features) = 'array' then p_features end), 0);
  if v_count = 0 then
    return jsonb_build_object('ok', false, 'applied', false, 'level', p_level,
      'features', '[]'::jsonb, 'errors', jsonb_build_array(jsonb_build_object('code', 'no_features')),
      'warnings', '[]'::jsonb);
  end if;

  with boundary as materialized (
    select x.b, extensions.st_buffer(x.b, 20) as bb
    from (select extensions.st_transform(r.boundary, 2180) as b
          from public.regions r where r.id = v_region_id) x
  ),
  targets as materialized (
    select l.id, l.name, l.slug, l.teryt_simc as simc from public.localities l
    where l.region_id = v_region_id and p_level = 'locality'
    union all
    select s.id, s.name, s.slug, null from public.solectwa s
    where s.region_id = v_region_id and p_level = 'solectwo'
  ),
  -- Materialized: each geometry is parsed and transformed once, each name slugified once.
  raw as materialized (
    select (x.ord - 1)::integer as idx, x.f,
      private.official_geometry(x.f -> 'geometry', coalesce((x.f ->> 'srid')::integer, 4326)) as g,
      nullif(btrim(x.f ->> 'simc'), '') as simc,
      nullif(btrim(x.f ->> 'slug'), '') as slug,
      private.slugify(nullif(btrim(x.f ->> 'name'), '')) as name_slug
    from jsonb_array_elements(p_features) with ordinality as x(f, ord)
  ),
  feats as (
    select raw.idx, raw.f, raw.g,
      coalesce(nullif(btrim(raw.f ->> 'name'), ''), nullif(btrim(raw.f ->> 'slug'), ''),
        nullif(btrim(raw.f ->> 'simc'), ''), '#' || (raw.idx + 1)) as label,
      raw.g is not null
        and extensions.geometrytype(raw.g) in ('POLYGON', 'MULTIPOLYGON')
        and not extensions.st_isempty(raw.g) as polygonal,
      array(
        select t.id from targets t
        where t.simc = raw.simc or t.slug = raw.slug or t.slug = raw.name_slug
        order by t.id) as ids
    from raw
  ),
  checked as materialized (
    select feats.*, feats.polygonal and extensions.st_isvalid(feats.g) as valid,
      case when cardinality(feats.ids) = 1 then feats.ids[1] end as target_id
    from feats
  ),
  good as materialized (
    select c.idx, c.g, c.target_id from checked c where c.valid
  ),
  -- Address points that belong to each matched target: its own (locality) or its localities' (sołectwo).
  -- Points outside the gmina boundary (two PRG points of Kramsk lie 0.02 m and 5.5 m outside it)
  -- cannot be covered by areas clipped to the gmina and are not checked.
  target_points as materialized (
    select c.idx, p.label,
      exists (select 1 from good d where d.g operator(extensions.&&) p.p
        and extensions.st_covers(d.g, p.p)) as in_any,
      c.valid and extensions.st_covers(c.g, p.p) as in_own
    from checked c
    cross join boundary b
    join lateral (
      select extensions.st_transform(a.point, 2180) as p, a.label
      from public.address_points a
      where p_level = 'locality' and a.locality_id = c.target_id
      union all
      select extensions.st_transform(a.point, 2180), a.label
      from public.solectwo_localities sl
      join public.address_points a on a.locality_id = sl.locality_id
      where p_level = 'solectwo' and sl.solectwo_id = c.target_id
    ) p on extensions.st_covers(b.b, p.p)
  ),
  point_counts as materialized (
    select tp.idx, count(*) filter (where not tp.in_any) as uncovered,
      min(tp.label) filter (where not tp.in_any) as example,
      count(*) filter (where tp.in_any and not tp.in_own) as elsewhere
    from target_points tp
    group by tp.idx
  ),
  -- Pairs first, areas second: intersections are computed only where the shapes touch.
  pairs as materialized (
    select a.idx, b.idx as other, b.label, a.g as ag, b.g as bg
    from good a join checked b on b.valid and b.idx <> a.idx
      and extensions.st_intersects(a.g, b.g)
  ),
  pair_areas as materialized (
    select p.idx, p.other, p.label, extensions.st_area(extensions.st_intersection(p.ag, p.bg)) as area
    from pairs p
  ),
  overlapping as materialized (
    select pa.idx, string_agg(pa.label, ', ' order by pa.other) as with,
      round(sum(pa.area)::numeric) as area_m2
    from pair_areas pa where pa.area > 1
    group by pa.idx
  ),
  per_feature as (
    select c.idx, c.label, c.target_id,
      (select t.name from targets t where t.id = c.target_id) as target_name,
      (select coalesce(jsonb_agg(e.v), '[]'::jsonb) from unnest(array[
        case when c.g is null then jsonb_build_object('code', 'unreadable')
             when not c.polygonal then jsonb_build_object('code', 'not_polygon',
               'type', extensions.geometrytype(c.g)) end,
        case when c.polygonal and not c.valid then jsonb_build_object('code', 'invalid',
          'reason', extensions.st_isvalidreason(c.g)) end,
        case when c.valid and not extensions.st_covers(b.bb, c.g)
          then jsonb_build_object('code', 'outside_region', 'area_m2',
            round(extensions.st_area(extensions.st_difference(c.g, b.b))::numeric)) end,
        case when cardinality(c.ids) = 0 then jsonb_build_object('code', 'unmatched')
             when cardinality(c.ids) > 1 then jsonb_build_object('code', 'ambiguous',
               'names', (select string_agg(t.name, ', ' order by private.sort_key_pl(t.name)) from targets t where t.id = any (c.ids))) end,
        case when c.target_id is not null and exists (
            select 1 from checked d where d.target_id = c.target_id and d.idx <> c.idx)
          then jsonb_build_object('code', 'duplicate', 'with', (
            select string_agg((d.idx + 1)::text, ', ' order by d.idx) from checked d
            where d.target_id = c.target_id and d.idx <> c.idx)) end,
        (select jsonb_build_object('code', 'overlap', 'with', o.with, 'area_m2', o.area_m2)
          from overlapping o where o.idx = c.idx),
        (select jsonb_build_object('code', 'address_points_uncovered', 'count', pc.uncovered,
            'example', pc.example)
          from point_counts pc where pc.idx = c.idx and pc.uncovered > 0)
      ]) as e(v) where e.v is not null) as errors,
      -- A PRG address point of the locality inside another uploaded locality: worth a look, not fatal
      -- (official boundaries and the address register are kept by different offices).
      (select jsonb_build_array(jsonb_build_object('code', 'address_points_elsewhere',
          'count', pc.elsewhere))
        from point_counts pc where p_level = 'locality' and pc.idx = c.idx and pc.elsewhere > 0)
        as warnings
    from checked c cross join boundary b
  )
  select jsonb_agg(jsonb_build_object(
      'index', p.idx,
      'label', p.label,
      'target', case when p.target_id is not null
        then jsonb_build_object('id', p.target_id, 'name', p.target_name) end,
      'errors', coalesce(p.errors, '[]'::jsonb),
      'warnings', coalesce(p.warnings, '[]'::jsonb)) order by p.idx),
    count(distinct p.target_id)
  into v_report, v_matched
  from per_feature p;

  v_ok := not exists (
    select 1 from jsonb_array_elements(v_report) e where jsonb_array_length(e -> 'errors') > 0);

  select count(*) into v_total from (
    select l.id from public.localities l where l.region_id = v_region_id and p_level = 'locality'
    union all
    select s.id from public.solectwa s where s.region_id = v_region_id and p_level = 'solectwo') t;
  if v_matched < v_total then
    v_warnings := v_warnings || jsonb_build_object('code', 'partial', 'matched', v_matched, 'total', v_total);
  end if;
  if not v_ok then
    v_errors := v_errors || jsonb_build_object('code', 'features_failed',
      'count', (select count(*) from jsonb_array_elements(v_report) e
                where jsonb_array_length(e -> 'errors') > 0));
  end if;

  if v_ok and not p_dry_run then
    -- Each matched target's uploaded geometry, clipped to the gmina, computed once for either level.
    select array_agg((rep -> 'target' ->> 'id')::bigint),
      array_agg(extensions.st_multi(extensions.st_collectionextract(extensions.st_intersection(
        extensions.st_transform(private.official_geometry(e -> 'geometry',
          coalesce((e ->> 'srid')::integer, 4326)), 4326), r.boundary), 3)))
    into v_targets, v_areas
    from jsonb_array_elements(p_features) with ordinality as f(e, ord)
    join jsonb_array_elements(v_report) as rep on (rep ->> 'index')::integer = f.ord - 1
    cross join public.regions r
    where r.id = v_region_id;
    if p_level = 'locality' then
      update public.localities l
      set area = x.area,
          area_source = 'official',
          area_source_note = nullif(btrim(p_note), ''),
          area_note = 'official boundary uploaded by the gmina'
            || coalesce(': ' || nullif(btrim(p_note), ''), '')
      from unnest(v_targets, v_areas) as x(target_id, area)
      where l.id = x.target_id;

      -- Items follow the new areas, the way the region loader re-attaches them.
      update public.resources x set locality_id = private.locality_at(v_region_id, x.point)
      where x.region_id = v_region_id
        and x.locality_id is distinct from private.locality_at(v_region_id, x.point);
      update public.needs x set locality_id = private.locality_at(v_region_id, x.point)
      where x.region_id = v_region_id
        and x.locality_id is distinct from private.locality_at(v_region_id, x.point);
      -- Address points belong to their PRG locality; the count stays the count of those.
      update public.localities l set address_point_count = (
        select count(*) from public.address_points a where a.locality_id = l.id)
      where l.region_id = v_region_id and l.address_point_count is distinct from (
        select count(*) from public.address_points a where a.locality_id = l.id);
    else
      update public.solectwa s
      set area = x.area,
          area_source = 'official',
          area_source_note = nullif(btrim(p_note), '')
      from unnest(v_targets, v_areas) as x(target_id, area)
      where s.id = x.target_id;
    end if;
  end if;

  return jsonb_build_object(
    'ok', v_ok,
    'applied', v_ok and not p_dry_run,
    'level', p_level,
    'features', v_report,
    'errors', v_errors,
    'warnings', v_warnings);
end
$$;

-- The village areas of the map as GeoJSON, saying whether each area is approximate or official.
create or replace function public.villages_geojson(p_region text)
returns json language sql stable set search_path = '' as $$
  select private.geojson_collection(json_agg(json_build_object(
      'type', 'Feature',
      'id', l.id,
      'geometry', private.geojson_geometry(l.area),
      'properties', json_build_object(
        'id', l.id,
        'name', l.name,
        'slug', l.slug,
        'solectwo', nullif(array_to_string(private.locality_solectwa(l.id), ', '), ''),
        'address_points', l.address_point_count,
        'label_lon', round(extensions.st_x(l.point)::numeric, 6),
        'label_lat', round(extensions.st_y(l.point)::numeric, 6),
        'point_source', l.point_source,
        'area_note', l.area_note,
        'area_source', l.area_source,
        'area_source_note', l.area_source_note)
    ) order by private.sort_key_pl(l.name), l.slug))
  from public.localities l
  join public.regions r on r.id = l.region_id
  where r.slug = p_region
$$;

-- The region's name, bounding box and area, and how many locality areas are official, so the
-- footer note ("areas are approximate") can stay true once the gmina uploads boundaries.
create or replace function public.region_summary(p_region text)
returns json language sql stable set search_path = '' as $$
  select json_build_object(
    'slug', r.slug,
    'name', r.name,
    'teryt', r.teryt,
    'bbox', json_build_array(
      round(extensions.st_xmin(r.boundary)::numeric, 6), round(extensions.st_ymin(r.boundary)::numeric, 6),
      round(extensions.st_xmax(r.boundary)::numeric, 6), round(extensions.st_ymax(r.boundary)::numeric, 6)),
    'area_km2', round((extensions.st_area(r.boundary::extensions.geography) / 1e6)::numeric, 2),
    'areas', (select json_build_object(
        'official', count(*) filter (where l.area_source = 'official'),
        'total', count(*))
      from public.localities l where l.region_id = r.id)
  )
  from public.regions r
  where r.slug = p_region
$$;

-- SVG path data of a geometry in EPSG:2180 for public.villages_svg: moved so (p_x0, p_y0) is the
-- origin, scaled by p_k, simplified to half a unit, relative moves in whole units.
create or replace function private.svg_path(p_g extensions.geometry, p_x0 double precision,
  p_y0 double precision, p_k double precision)
returns text language sql immutable set search_path = '' as $$
  select extensions.st_assvg(extensions.st_scale(extensions.st_translate(
    extensions.st_simplifypreservetopology(p_g, 0.5 / p_k), -p_x0, -p_y0), p_k, p_k), 1, 0)
$$;

-- The villages as a static SVG map for the first screen, drawn before (or without) MapLibre:
-- the region outline and every village area as SVG path data, with a label point. Coordinates are
-- EPSG:2180 (metres, the Polish national grid, so shapes are not stretched) scaled so the longer
-- side of the region's box is 1000 units, measured from its top-left corner, y down. Areas are
-- simplified to half a unit (well under a screen pixel at the sizes the page draws) and written
-- as relative whole-unit moves (ST_AsSVG rel=1), about 12 KB for a gmina of 65 villages.
-- The label point is the one of public.village_summaries: the centre of the largest circle inside
-- the area. Null for an unknown region.
create or replace function public.villages_svg(p_region text)
returns json language sql stable set search_path = '' as $$
  with frame as materialized (
    select r.id, b.g, extensions.st_xmin(b.g) as x0, extensions.st_ymax(b.g) as y0,
      1000 / greatest(extensions.st_xmax(b.g) - extensions.st_xmin(b.g),
        extensions.st_ymax(b.g) - extensions.st_ymin(b.g), 1) as k
    from public.regions r
    cross join lateral (select extensions.st_transform(r.boundary, 2180) as g) b
    where r.slug = p_region
  )
  select json_build_object(
    'width', ceil((extensions.st_xmax(f.g) - f.x0) * f.k),
    'height', ceil((f.y0 - extensions.st_ymin(f.g)) * f.k),
    'outline', private.svg_path(f.g, f.x0, f.y0, f.k),
    'villages', coalesce((select json_agg(json_build_object(
        'id', l.id,
        'slug', l.slug,
        'name', l.name,
        'd', private.svg_path(a.g, f.x0, f.y0, f.k),
        'x', round(((extensions.st_x(lp.c) - f.x0) * f.k)::numeric),
        'y', round(((f.y0 - extensions.st_y(lp.c)) * f.k)::numeric))
        order by private.sort_key_pl(l.name), l.slug)
      from public.localities l
      cross join lateral (select extensions.st_transform(l.area, 2180) as g) a
      cross join lateral (select (extensions.st_maximuminscribedcircle(a.g)).center as c) lp
      where l.region_id = f.id and l.area is not null), '[]'::json))
  from frame f
$$;

revoke all on function private.place_item(), private.compute_locality_areas(bigint),
  private.load_region(jsonb)
  from public, anon, authenticated, service_role;

select private.grant_execute('anon, authenticated, service_role',
  'private.locality_at(bigint,extensions.geometry)', 'public.region_summary(text)',
  'private.check_filters(text,text,text,text)', 'public.region_geojson(text)',
  'public.villages_geojson(text)', 'public.search_addresses(text,text,integer)',
  'public.categories()', 'public.villages_svg(text)',
  'private.svg_path(extensions.geometry,double precision,double precision,double precision)');

select private.grant_execute('authenticated, service_role',
  'private.official_geometry(jsonb,integer)',
  'private.apply_official_areas(text,text,jsonb,text,boolean)');

select private.grant_execute('anon, authenticated, service_role',
  'private.geojson_geometry(extensions.geometry)',
  'private.geojson_feature(extensions.geometry,json)', 'private.geojson_collection(json)',
  'private.locality_solectwa(bigint)');

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.place_item() is 'Trigger: refuses points outside the region and attaches the item to its locality.';
comment on function private.geojson_geometry(extensions.geometry) is 'A geometry as GeoJSON (6 decimals) with RFC 7946 winding: exterior rings counter-clockwise, holes clockwise.';
comment on function private.geojson_feature(extensions.geometry,json) is 'A GeoJSON Feature of a geometry (6 decimals) and its properties.';
comment on function private.geojson_collection(json) is 'A GeoJSON FeatureCollection of aggregated features; empty when there are none.';
comment on function private.locality_solectwa(bigint) is 'Names of the sołectwa a locality belongs to, in name order.';
comment on function public.region_geojson(text) is 'The region boundary as a GeoJSON Feature.';
comment on function private.region_id(text) is 'The id of the region with a slug; 22023 for an unknown one.';
comment on function private.area_id(text,bigint,text,text,text) is 'The id of a village or sołectwo of a region by slug; the caller''s error for an unknown one.';
comment on function private.check_filters(text,text,text,text) is 'Raises 22023 for an unknown region, category or village of a map filter.';
comment on function public.search_addresses(text,text,integer) is 'Search of a region''s localities and PRG address points: localities first, then addresses, best matches first; tolerates typos when nothing matches exactly.';
comment on function public.categories() is 'Need and resource categories with labels and colours.';
comment on function private.compute_locality_areas(bigint) is 'Recomputes the approximate (Voronoi) locality areas of a region.';
comment on function private.load_region(jsonb) is 'Loads a region folder (boundary, localities, sołectwa, address points); idempotent.';
comment on function private.locality_at(bigint,extensions.geometry) is 'The locality whose area contains a point; official areas first.';
comment on function private.official_geometry(jsonb,integer) is 'An uploaded GeoJSON geometry in EPSG:2180, or null when unreadable.';
comment on function private.apply_official_areas(text,text,jsonb,text,boolean) is 'Validates uploaded official boundaries and, when all pass, replaces the areas.';
comment on function public.villages_geojson(text) is 'Village areas as GeoJSON, each saying whether it is approximate or official.';
comment on function public.region_summary(text) is 'Name, bounding box, area and count of official village areas of a region.';
comment on function public.villages_svg(text) is 'The region outline and village areas as SVG path data (EPSG:2180, 1000 units on the longer side, y down) with label points, for the static first-screen map.';
comment on function private.svg_path(extensions.geometry,double precision,double precision,double precision) is 'SVG path data of an EPSG:2180 geometry moved, scaled and simplified for public.villages_svg.';
