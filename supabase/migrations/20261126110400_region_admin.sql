-- Region administration (/panel/obszar, admins only). The seed knows only 13 of
-- the 30 sołectwa and no official locality boundaries; the gmina completes the data in the app:
-- sołectwa and their localities, the sołtys, populations, and official boundaries that replace the
-- approximate (Voronoi) areas once they pass validation.

-- Where an area comes from. 'approximate': derived by the app (localities: Voronoi cells of PRG
-- address points; sołectwa: none stored, the union of their localities is implied).
-- 'official': uploaded by an admin from the gmina's or GUGiK's boundary data.
alter table public.localities
  add column area_source text not null default 'approximate'
    check (area_source in ('approximate', 'official')),
  add column area_source_note text check (char_length(area_source_note) <= 500),
  -- TERYT SIMC identifier, when known: an upload can then be matched by code, not only by name.
  add column teryt_simc text check (teryt_simc ~ '^[0-9]{7}$');

alter table public.solectwa
  -- The sołtys holds a public office (elected village head): a name, no contact data.
  add column soltys text check (char_length(btrim(soltys)) between 1 and 200),
  add column soltys_since date,
  add column population_source text check (char_length(population_source) <= 500),
  add column area extensions.geometry(MultiPolygon, 4326),
  add column area_source text not null default 'approximate'
    check (area_source in ('approximate', 'official')),
  add column area_source_note text check (char_length(area_source_note) <= 500);
create index solectwa_area_idx on public.solectwa using gist (area);
comment on column public.solectwa.area is
  'Official boundary of the sołectwo when uploaded (area_source = official); otherwise null.';

-- The region's structure is administered by admins only (the skeleton let
-- organizers write sołectwa; one permissive policy per action, so replace them).
drop policy solectwa_insert on public.solectwa;
drop policy solectwa_update on public.solectwa;
create policy solectwa_insert on public.solectwa for insert to authenticated
  with check ((select private.is_admin()));
create policy solectwa_update on public.solectwa for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
drop policy solectwo_localities_insert on public.solectwo_localities;
drop policy solectwo_localities_update on public.solectwo_localities;
drop policy solectwo_localities_delete on public.solectwo_localities;
create policy solectwo_localities_insert on public.solectwo_localities for insert to authenticated
  with check ((select private.is_admin()));
create policy solectwo_localities_update on public.solectwo_localities for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy solectwo_localities_delete on public.solectwo_localities for delete to authenticated
  using ((select private.is_admin()));

create trigger localities_audit after insert or update or delete on public.localities
  for each row execute function private.audit_row();
create trigger solectwa_audit after insert or update or delete on public.solectwa
  for each row execute function private.audit_row();
create trigger solectwo_localities_audit after insert or update or delete on public.solectwo_localities
  for each row execute function private.audit_row();

-- Official areas win where they meet approximate ones (a partial upload leaves the other
-- localities' Voronoi areas in place, and those may overlap the new official ones).
create or replace function private.locality_at(p_region_id bigint, p_point extensions.geometry)
returns bigint
language sql stable
set search_path = ''
as $$
  select l.id from public.localities l
  where l.region_id = p_region_id and extensions.st_covers(l.area, p_point)
  order by (l.area_source = 'official') desc, l.id
  limit 1
$$;

-- Reloading a region folder recomputes only the approximate areas: official ones are kept.
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
revoke all on function private.compute_locality_areas(bigint) from public, anon, authenticated;

-- One uploaded geometry (GeoJSON geometry object, coordinates in p_srid) in EPSG:2180, where
-- areas and distances are in metres; null when PostGIS cannot read it.
create or replace function private.official_geometry(p_geometry jsonb, p_srid integer)
returns extensions.geometry
language plpgsql immutable
set search_path = ''
as $$
begin
  return extensions.st_transform(extensions.st_force2d(extensions.st_setsrid(
    extensions.st_geomfromgeojson(p_geometry::text), p_srid)), 2180);
exception when others then
  return null;
end
$$;
revoke all on function private.official_geometry(jsonb, integer) from public;
grant execute on function private.official_geometry(jsonb, integer) to authenticated, service_role;

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
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'admin_only';
  end if;
  if p_level not in ('locality', 'solectwo') then
    raise exception using errcode = '22023', message = format('unknown level: %s', p_level);
  end if;
  select r.id into v_region_id from public.regions r where r.slug = p_region;
  if v_region_id is null then
    raise exception using errcode = '22023', message = format('unknown region: %s', p_region);
  end if;
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
               'names', (select string_agg(t.name, ', ' order by t.name) from targets t where t.id = any (c.ids))) end,
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
    if p_level = 'locality' then
      update public.localities l
      set area = extensions.st_multi(extensions.st_collectionextract(extensions.st_intersection(
            extensions.st_transform(x.g, 4326), r.boundary), 3)),
          area_source = 'official',
          area_source_note = nullif(btrim(p_note), ''),
          area_note = 'official boundary uploaded by the gmina'
            || coalesce(': ' || nullif(btrim(p_note), ''), '')
      from (
        select private.official_geometry(e -> 'geometry', coalesce((e ->> 'srid')::integer, 4326)) as g,
          (rep -> 'target' ->> 'id')::bigint as target_id
        from jsonb_array_elements(p_features) with ordinality as f(e, ord)
        join jsonb_array_elements(v_report) as rep on (rep ->> 'index')::integer = f.ord - 1
      ) x, public.regions r
      where l.id = x.target_id and r.id = v_region_id;

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
      set area = extensions.st_multi(extensions.st_collectionextract(extensions.st_intersection(
            extensions.st_transform(x.g, 4326), r.boundary), 3)),
          area_source = 'official',
          area_source_note = nullif(btrim(p_note), '')
      from (
        select private.official_geometry(e -> 'geometry', coalesce((e ->> 'srid')::integer, 4326)) as g,
          (rep -> 'target' ->> 'id')::bigint as target_id
        from jsonb_array_elements(p_features) with ordinality as f(e, ord)
        join jsonb_array_elements(v_report) as rep on (rep ->> 'index')::integer = f.ord - 1
      ) x, public.regions r
      where s.id = x.target_id and r.id = v_region_id;
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
revoke all on function private.apply_official_areas(text, text, jsonb, text, boolean) from public;
grant execute on function private.apply_official_areas(text, text, jsonb, text, boolean)
  to authenticated, service_role;

-- Public views say whether each area is approximate or official. Same
-- properties as before, plus area_source and area_source_note.
create or replace function public.villages_geojson(p_region text)
returns json
language sql stable
set search_path = ''
as $$
  select json_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(json_agg(json_build_object(
      'type', 'Feature',
      'id', l.id,
      'geometry', extensions.st_asgeojson(l.area, 6)::json,
      'properties', json_build_object(
        'id', l.id,
        'name', l.name,
        'slug', l.slug,
        'solectwo', (
          select string_agg(s.name, ', ' order by s.name)
          from public.solectwo_localities sl join public.solectwa s on s.id = sl.solectwo_id
          where sl.locality_id = l.id),
        'address_points', l.address_point_count,
        'label_lon', round(extensions.st_x(l.point)::numeric, 6),
        'label_lat', round(extensions.st_y(l.point)::numeric, 6),
        'point_source', l.point_source,
        'area_note', l.area_note,
        'area_source', l.area_source,
        'area_source_note', l.area_source_note)
    ) order by l.name), '[]'::json)
  )
  from public.localities l
  join public.regions r on r.id = l.region_id
  where r.slug = p_region
$$;

create or replace function public.village_summaries(p_region text)
returns json
language sql stable
set search_path = ''
as $$
  select coalesce(json_agg(json_build_object(
    'id', l.id,
    'name', l.name,
    'slug', l.slug,
    'solectwa', coalesce((
      select json_agg(s.name order by s.name)
      from public.solectwo_localities sl join public.solectwa s on s.id = sl.solectwo_id
      where sl.locality_id = l.id), '[]'::json),
    'address_points', l.address_point_count,
    'resources', (select count(*) from public.resources x where x.locality_id = l.id and x.status = 'published'),
    'needs', (select count(*) from public.needs x where x.locality_id = l.id and private.is_public_need(x.status, x.hidden_at)),
    'population', l.population,
    'population_year', l.population_year,
    'label_lon', round(extensions.st_x(l.point)::numeric, 6),
    'label_lat', round(extensions.st_y(l.point)::numeric, 6),
    'bbox', json_build_array(
      round(extensions.st_xmin(l.area)::numeric, 6), round(extensions.st_ymin(l.area)::numeric, 6),
      round(extensions.st_xmax(l.area)::numeric, 6), round(extensions.st_ymax(l.area)::numeric, 6)),
    'area_source', l.area_source,
    'area_source_note', l.area_source_note
  ) order by l.name), '[]'::json)
  from public.localities l
  join public.regions r on r.id = l.region_id
  where r.slug = p_region
$$;

-- The same summary plus how many locality areas are official, so the footer note ("areas are
-- approximate") can stay true once the gmina uploads boundaries.
create or replace function public.region_summary(p_region text)
returns json
language sql stable
set search_path = ''
as $$
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
