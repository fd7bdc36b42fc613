-- Loading a region folder (data/regions/<slug>/) and the optional demo data set. Run only by the
-- owner (seeding, maintenance), never by a request: not granted to the API roles.
-- Idempotent: loading the same folder twice leaves the same rows.

-- Approximate locality areas: Voronoi cells of all address points, unioned per
-- locality and clipped to the region boundary. Computed in EPSG:2180 (PUWG 1992, metres) because
-- Voronoi cells in degrees would be stretched east-west at 52°N. The cells tile the plane, so the
-- areas cover the region without overlaps.
create or replace function private.compute_locality_areas(p_region_id bigint)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_boundary extensions.geometry;
begin
  select extensions.st_transform(r.boundary, 2180) into v_boundary
  from public.regions r where r.id = p_region_id;

  with pts as (
    -- Identical coordinates would give one cell; keep one point per position.
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
  where l.id = m.locality_id;
end
$$;

-- p_region: { slug, name, teryt, ref_prefix, sources, boundary (GeoJSON geometry),
--   localities: [{ name, lon, lat, point_source, source, population, population_year, population_source }],
--   solectwa: [{ name, seat, population, population_year, population_note, source, notes, localities: [names] }],
--   address_points: [{ locality, street, housenumber, lon, lat }] }
create or replace function private.load_region(p_region jsonb)
returns json
language plpgsql
set search_path = ''
as $$
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

-- Demo data: clearly fictional items, placed at an offset (metres) from a named locality's point.
-- p_demo: { resources: [{ key, category, name, description, locality, dx, dy }],
--           needs: [{ key, kind, category, title, description, status, supports, locality, dx, dy }] }
-- Items are keyed by name/title, so loading twice does not duplicate them.
create or replace function private.load_demo(p_region text, p_demo jsonb)
returns json
language plpgsql
set search_path = ''
as $$
declare
  v_region_id bigint;
begin
  select r.id into v_region_id from public.regions r where r.slug = p_region;
  if v_region_id is null then
    raise exception 'region % is not loaded', p_region;
  end if;

  insert into public.resources (region_id, category, name, description, point, status, is_demo)
  select v_region_id, x.category, x.name, x.description,
    extensions.st_transform(extensions.st_translate(extensions.st_transform(l.point, 2180), x.dx, x.dy), 4326),
    'published', true
  from jsonb_to_recordset(p_demo -> 'resources') as x(
    category text, name text, description text, locality text, dx double precision, dy double precision)
  join public.localities l on l.region_id = v_region_id and l.slug = private.slugify(x.locality)
  where not exists (select 1 from public.resources e where e.is_demo and e.name = x.name);

  insert into public.needs (region_id, kind, category, title, description, point, status, is_demo)
  select v_region_id, x.kind, x.category, x.title, x.description,
    extensions.st_transform(extensions.st_translate(extensions.st_transform(l.point, 2180), x.dx, x.dy), 4326),
    x.status, true
  from jsonb_to_recordset(p_demo -> 'needs') as x(
    kind text, category text, title text, description text, status text, locality text,
    dx double precision, dy double precision)
  join public.localities l on l.region_id = v_region_id and l.slug = private.slugify(x.locality)
  where not exists (select 1 from public.needs e where e.is_demo and e.title = x.title);

  -- Demo supports are plain counts: no fictional supporter rows.
  update public.needs n set support_count = x.supports
  from jsonb_to_recordset(p_demo -> 'needs') as x(title text, supports integer)
  where n.is_demo and n.title = x.title and x.supports is not null;

  return json_build_object(
    'resources', (select count(*) from public.resources where is_demo),
    'needs', (select count(*) from public.needs where is_demo));
end
$$;

create or replace function private.remove_demo()
returns void
language sql
set search_path = ''
as $$
  delete from public.resources where is_demo;
  delete from public.needs where is_demo;
  delete from public.activities where is_demo;
$$;

revoke all on function private.compute_locality_areas(bigint), private.load_region(jsonb),
  private.load_demo(text, jsonb), private.remove_demo() from public, anon, authenticated;
