-- Vector tiles of the public map: /api/tiles/<layer>/<z>/<x>/<y>.mvt for needs, resources and
-- village areas, so the map fetches only what the screen shows instead of every row.
--
-- Each layer has one rows function (public.<layer>_tile_rows): the features of one tile of the
-- XYZ scheme (Web Mercator, EPSG:3857, the tiling MapLibre requests), with their properties and a
-- geometry in EPSG:4326. It runs with the caller's rights, so RLS decides what a tile holds, and
-- it filters on the public predicates too, so a tile is the same for every audience and can be
-- cached publicly. The tile itself is encoded from those same rows:
-- - public.<layer>_tile: Mapbox Vector Tile 2.1 by ST_AsMVT, where PostGIS was built with
--   protobuf-c (PostgreSQL, Supabase); null where it was not (PGlite's PostGIS), and the server
--   then encodes the rows itself (src/lib/server/tiles).
-- - Tiles use an extent of 4096 units; polygons keep a 64-unit buffer so that outlines meet
--   across tile edges, points none, so that each need is counted in exactly one tile.
--
-- Beyond 20,000 public needs in the region, zooms up to 13 show one cluster per village instead,
-- counted from trigger-kept tallies (public.need_tile_rows).
--
-- Needs are clustered below TILE_CLUSTER_MAX_ZOOM + 1 = 16 (the map's former GeoJSON clustering
-- stopped at zoom 15): a tile is cut into 16 x 16 cells (32 screen pixels of a 512-pixel tile)
-- and each cell holding two or more needs becomes one point at their mean position with
-- `point_count`, so a low-zoom tile holds at most 256 features however many needs there are. A
-- cell with one need carries the need itself, popup properties included.

-- The tile's square in EPSG:3857, or 22023 (invalid_parameter_value) for a tile outside the
-- XYZ grid: zoom 0 to 22 (MapLibre's limit), x and y from 0 to 2^z - 1.
create or replace function private.tile_envelope(p_z integer, p_x integer, p_y integer)
returns extensions.geometry language plpgsql immutable set search_path = '' as $$
begin
  if p_z is null or p_z not between 0 and 22 or p_x is null or p_y is null
     or p_x not between 0 and (1 << p_z) - 1 or p_y not between 0 and (1 << p_z) - 1 then
    raise exception using errcode = '22023',
      message = format('no such tile: %s/%s/%s', p_z, p_x, p_y);
  end if;
  return extensions.st_tileenvelope(p_z, p_x, p_y);
end
$$;

-- The public needs of one tile, clustered below zoom 16 (see the top of this file). p_kind is
-- 'need' or 'idea'; p_status a public status, or 'open' for every public status but 'done'.
create or replace function public.need_tile_rows(p_region text, p_z integer, p_x integer, p_y integer,
  p_kind text, p_category text, p_status text)
returns table (geom extensions.geometry, point_count integer, point_count_abbreviated text,
  id text, ref text, kind text, category text, category_label text, title text, status text,
  support_count integer, locality text, locality_slug text, demo boolean)
language plpgsql stable set search_path = '' as $$
declare
  v_box extensions.geometry := extensions.st_transform(private.tile_envelope(p_z, p_x, p_y), 4326);
  v_cells integer := case when p_z <= 15 then 16 end;
  v_west double precision := extensions.st_xmin(v_box);
  v_east double precision := extensions.st_xmax(v_box);
  v_south double precision := extensions.st_ymin(v_box);
  v_north double precision := extensions.st_ymax(v_box);
  v_tx0 integer := case when p_z <= 20 then p_x << (20 - p_z) else p_x >> (p_z - 20) end - 1;
  v_tx1 integer := case when p_z <= 20 then (p_x + 1) << (20 - p_z) else (p_x >> (p_z - 20)) + 1 end;
  v_ty0 integer := case when p_z <= 20 then p_y << (20 - p_z) else p_y >> (p_z - 20) end - 1;
  v_ty1 integer := case when p_z <= 20 then (p_y + 1) << (20 - p_z) else (p_y >> (p_z - 20)) + 1 end;
begin
  perform private.check_filters(p_region, 'need', p_category, null);
  if p_kind is not null and p_kind not in ('need', 'idea') then
    raise exception using errcode = '22023', message = format('unknown kind: %s', p_kind);
  end if;
  if p_status is not null and p_status <> 'open' and not private.is_public_need_status(p_status) then
    raise exception using errcode = '22023', message = format('unknown status: %s', p_status);
  end if;
  -- Beyond 20,000 matching public needs in the region (read from the trigger-kept tallies of
  -- …_need_tallies.sql), zooms up to 13 get one cluster per village, at the village's point and
  -- counted from the tallies, so a low-zoom tile costs the same at any number of needs. Below
  -- that, and from zoom 14, the needs themselves are clustered as follows.
  if p_z <= 13 and (select coalesce(sum(t.needs), 0) from public.locality_need_tallies t
      join public.localities l on l.id = t.locality_id
      join public.regions r on r.id = l.region_id
      where r.slug = p_region and (p_kind is null or t.kind = p_kind)
        and (p_category is null or t.category = p_category)
        and (p_status is null or (p_status = 'open' and t.status <> 'done') or t.status = p_status)
    ) > 20000 then
    return query
    select l.point, sum(t.needs)::integer,
      case when sum(t.needs) >= 10000 then (sum(t.needs)::bigint / 1000)::text || 'k'
           when sum(t.needs) >= 1000 then round(sum(t.needs) / 1000.0, 1)::text || 'k'
           else sum(t.needs)::text end,
      null::text, null::text, null::text, null::text, null::text, null::text, null::text,
      null::integer, null::text, null::text, null::boolean
    from public.localities l
    join public.regions r on r.id = l.region_id
    join public.locality_need_tallies t on t.locality_id = l.id
    where r.slug = p_region
      and l.point operator(extensions.&&) v_box
      and extensions.st_x(l.point) >= v_west and extensions.st_x(l.point) < v_east
      and extensions.st_y(l.point) > v_south and extensions.st_y(l.point) <= v_north
      and (p_kind is null or t.kind = p_kind)
      and (p_category is null or t.category = p_category)
      and (p_status is null or (p_status = 'open' and t.status <> 'done') or t.status = p_status)
    group by l.id, l.point
    having sum(t.needs) > 0;
    return;
  end if;
  return query
  with hits as (
    select x.id, x.ref, x.kind, x.category, c.label_pl, x.title, x.status, x.support_count,
      l.name as locality, l.slug as locality_slug, x.is_demo, x.point,
      extensions.st_x(x.point) as lon, extensions.st_y(x.point) as lat
    from public.needs x
    join public.regions r on r.id = x.region_id
    join public.need_categories c on c.slug = x.category
    left join public.localities l on l.id = x.locality_id
    where r.slug = p_region
      -- The zoom-20 tiles under this one (or above it), one more on each side against rounding:
      -- plain integers, which an index serves under RLS (…_need_tallies.sql, needs.tile_x).
      and x.tile_x between v_tx0 and v_tx1 and x.tile_y between v_ty0 and v_ty1
      and x.point operator(extensions.&&) v_box
      and private.is_public_need(x.status, x.hidden_at)
      and (p_kind is null or x.kind = p_kind)
      and (p_category is null or x.category = p_category)
      and (p_status is null or (p_status = 'open' and x.status <> 'done') or x.status = p_status)
  ),
  -- Half-open edges (west and north inclusive), so a need on an edge is in one tile only. The
  -- cell is linear in latitude, not in Mercator y: within one tile the difference is a cell's
  -- small distortion, and it spares transforming every point.
  placed as (
    select h.*,
      least(floor((h.lon - v_west) / (v_east - v_west) * v_cells), v_cells - 1)::integer as cx,
      least(floor((v_north - h.lat) / (v_north - v_south) * v_cells), v_cells - 1)::integer as cy
    from hits h
    where h.lon >= v_west and h.lon < v_east and h.lat > v_south and h.lat <= v_north
  ),
  counted as (
    select p.*, count(*) over (partition by p.cx, p.cy) as n from placed p
  )
  select extensions.st_setsrid(extensions.st_makepoint(avg(k.lon), avg(k.lat)), 4326),
    count(*)::integer,
    case when count(*) >= 10000 then (count(*) / 1000)::text || 'k'
         when count(*) >= 1000 then round(count(*) / 1000.0, 1)::text || 'k'
         else count(*)::text end,
    null, null, null, null, null, null, null, null, null, null, null
  from counted k
  where v_cells is not null and k.n > 1
  group by k.cx, k.cy
  union all
  select k.point, null, null, k.id::text, k.ref, k.kind, k.category, k.label_pl, k.title,
    k.status, k.support_count, k.locality, k.locality_slug, k.is_demo
  from counted k
  where v_cells is null or k.n = 1;
end
$$;

-- The published resources of one tile (never clustered: a gmina has tens of them). Amenities go
-- as one comma-separated text: a vector tile value is a string, number or boolean.
create or replace function public.resource_tile_rows(p_region text, p_z integer, p_x integer,
  p_y integer, p_category text)
returns table (geom extensions.geometry, id text, name text, category text, category_label text,
  description text, address text, locality text, locality_slug text, capacity integer,
  step_free text, amenities text, opening_hours text, contact_email text, contact_phone text,
  website text, owner_org text, photo_url text, demo boolean)
language plpgsql stable set search_path = '' as $$
declare
  v_box extensions.geometry := extensions.st_transform(private.tile_envelope(p_z, p_x, p_y), 4326);
begin
  perform private.check_filters(p_region, 'resource', p_category, null);
  return query
  select x.point, x.id::text, x.name, x.category, c.label_pl, x.description, x.address, l.name,
    l.slug, x.capacity, x.step_free, array_to_string(x.amenities, ','), x.opening_hours,
    x.contact_email, x.contact_phone, x.website, x.owner_org,
    case when x.photo_key is not null then '/media/' || x.photo_key end, x.is_demo
  from public.resources x
  join public.regions r on r.id = x.region_id
  join public.resource_categories c on c.slug = x.category
  left join public.localities l on l.id = x.locality_id
  where r.slug = p_region
    and x.status = 'published'
    and x.point operator(extensions.&&) v_box
    and extensions.st_x(x.point) >= extensions.st_xmin(v_box)
    and extensions.st_x(x.point) < extensions.st_xmax(v_box)
    and extensions.st_y(x.point) > extensions.st_ymin(v_box)
    and extensions.st_y(x.point) <= extensions.st_ymax(v_box);
end
$$;

-- The village areas reaching into one tile (with the 64-unit buffer), with the properties of
-- public.villages_geojson. id is the locality's id, the feature id of the tile.
create or replace function public.village_tile_rows(p_region text, p_z integer, p_x integer, p_y integer)
returns table (geom extensions.geometry, id bigint, name text, slug text, solectwo text,
  address_points integer, point_source text, area_source text)
language plpgsql stable set search_path = '' as $$
declare
  v_envelope extensions.geometry := private.tile_envelope(p_z, p_x, p_y);
  v_box extensions.geometry := extensions.st_transform(extensions.st_expand(v_envelope,
    (extensions.st_xmax(v_envelope) - extensions.st_xmin(v_envelope)) * 64 / 4096), 4326);
begin
  if not exists (select 1 from public.regions r where r.slug = p_region) then
    raise exception using errcode = '22023', message = format('unknown region: %s', p_region);
  end if;
  return query
  select l.area, l.id, l.name, l.slug,
    nullif(array_to_string(private.locality_solectwa(l.id), ', '), ''),
    l.address_point_count, l.point_source, l.area_source
  from public.localities l
  join public.regions r on r.id = l.region_id
  where r.slug = p_region
    and l.area operator(extensions.&&) v_box;
end
$$;

-- MVT encoders over the rows functions: null where PostGIS lacks protobuf-c (PGlite).
create or replace function public.needs_tile(p_region text, p_z integer, p_x integer, p_y integer,
  p_kind text, p_category text, p_status text)
returns bytea language plpgsql stable set search_path = '' as $$
declare
  -- Checked first: a tile outside the grid is 22023, never PostGIS's own error.
  v_envelope extensions.geometry := private.tile_envelope(p_z, p_x, p_y);
begin
  if extensions.postgis_libprotobuf_version() is null then
    return null;
  end if;
  return (select coalesce(extensions.st_asmvt(t, 'needs', 4096, 'geom'), ''::bytea)
    from (select extensions.st_asmvtgeom(extensions.st_transform(w.geom, 3857),
        v_envelope, 4096, 0, false) as geom,
      w.point_count, w.point_count_abbreviated, w.id, w.ref, w.kind, w.category, w.category_label,
      w.title, w.status, w.support_count, w.locality, w.locality_slug, w.demo
    from public.need_tile_rows(p_region, p_z, p_x, p_y, p_kind, p_category, p_status) w) t);
end
$$;

create or replace function public.resources_tile(p_region text, p_z integer, p_x integer,
  p_y integer, p_category text)
returns bytea language plpgsql stable set search_path = '' as $$
declare
  -- Checked first: a tile outside the grid is 22023, never PostGIS's own error.
  v_envelope extensions.geometry := private.tile_envelope(p_z, p_x, p_y);
begin
  if extensions.postgis_libprotobuf_version() is null then
    return null;
  end if;
  return (select coalesce(extensions.st_asmvt(t, 'resources', 4096, 'geom'), ''::bytea)
    from (select extensions.st_asmvtgeom(extensions.st_transform(w.geom, 3857),
        v_envelope, 4096, 0, false) as geom,
      w.id, w.name, w.category, w.category_label, w.description, w.address, w.locality,
      w.locality_slug, w.capacity, w.step_free, w.amenities, w.opening_hours, w.contact_email,
      w.contact_phone, w.website, w.owner_org, w.photo_url, w.demo
    from public.resource_tile_rows(p_region, p_z, p_x, p_y, p_category) w) t);
end
$$;

create or replace function public.villages_tile(p_region text, p_z integer, p_x integer, p_y integer)
returns bytea language plpgsql stable set search_path = '' as $$
declare
  -- Checked first: a tile outside the grid is 22023, never PostGIS's own error.
  v_envelope extensions.geometry := private.tile_envelope(p_z, p_x, p_y);
begin
  if extensions.postgis_libprotobuf_version() is null then
    return null;
  end if;
  return (select coalesce(extensions.st_asmvt(t, 'villages', 4096, 'geom', 'id'), ''::bytea)
    from (select extensions.st_asmvtgeom(extensions.st_transform(w.geom, 3857),
        v_envelope, 4096, 64, true) as geom,
      w.id, w.name, w.slug, w.solectwo, w.address_points, w.point_source, w.area_source
    from public.village_tile_rows(p_region, p_z, p_x, p_y) w) t
    where t.geom is not null);
end
$$;

select private.grant_execute('anon, authenticated, service_role',
  'private.tile_envelope(integer,integer,integer)',
  'public.need_tile_rows(text,integer,integer,integer,text,text,text)',
  'public.resource_tile_rows(text,integer,integer,integer,text)',
  'public.village_tile_rows(text,integer,integer,integer)',
  'public.needs_tile(text,integer,integer,integer,text,text,text)',
  'public.resources_tile(text,integer,integer,integer,text)',
  'public.villages_tile(text,integer,integer,integer)');

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.tile_envelope(integer,integer,integer) is 'The EPSG:3857 square of an XYZ tile; 22023 outside the grid.';
comment on function public.need_tile_rows(text,integer,integer,integer,text,text,text) is 'Public needs of one map tile, clustered below zoom 16.';
comment on function public.resource_tile_rows(text,integer,integer,integer,text) is 'Published resources of one map tile.';
comment on function public.village_tile_rows(text,integer,integer,integer) is 'Village areas reaching into one map tile.';
comment on function public.needs_tile(text,integer,integer,integer,text,text,text) is 'Needs tile as MVT (ST_AsMVT); null without protobuf-c.';
comment on function public.resources_tile(text,integer,integer,integer,text) is 'Resources tile as MVT (ST_AsMVT); null without protobuf-c.';
comment on function public.villages_tile(text,integer,integer,integer) is 'Village areas tile as MVT (ST_AsMVT); null without protobuf-c.';
