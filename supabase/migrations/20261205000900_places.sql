-- Planning by place: needs, resources, coverage, suggested venues and hotspots of a village
-- (locality) or a sołectwo (the union of its member localities), the village summaries of the
-- open API and the presentation mode. Every function is SECURITY INVOKER, so RLS decides what it
-- counts: anon sees published resources and public needs, staff see drafts too. Distances are
-- straight-line, in EPSG:2180 (PUWG 1992, metres), which is accurate to centimetres over a gmina.
-- Rejected and merged needs and archived resources are left out for everyone: they are not part
-- of the current picture even for staff, who may read them.

-- The localities of a planning area: one village, or the members of one sołectwo. Unknown slugs
-- raise 22023 like private.check_filters; a sołectwo whose members are not known yet gives '{}'.
create or replace function private.planning_localities(p_region text, p_village text, p_solectwo text)
returns bigint[] language plpgsql stable set search_path = '' as $$
declare
  v_ids bigint[];
begin
  if num_nonnulls(p_village, p_solectwo) <> 1 then
    raise exception using errcode = '22023', message = 'give exactly one of village or solectwo';
  end if;
  if p_village is not null then
    select array_agg(l.id) into v_ids
    from public.localities l join public.regions r on r.id = l.region_id
    where r.slug = p_region and l.slug = p_village;
    if v_ids is null then
      raise exception using errcode = '22023', message = format('unknown village: %s', p_village);
    end if;
    return v_ids;
  end if;
  if not exists (
    select 1 from public.solectwa s join public.regions r on r.id = s.region_id
    where r.slug = p_region and s.slug = p_solectwo
  ) then
    raise exception using errcode = '22023', message = format('unknown solectwo: %s', p_solectwo);
  end if;
  select coalesce(array_agg(sl.locality_id order by sl.locality_id), '{}') into v_ids
  from public.solectwa s
  join public.regions r on r.id = s.region_id
  join public.solectwo_localities sl on sl.solectwo_id = s.id
  where r.slug = p_region and s.slug = p_solectwo;
  return v_ids;
end
$$;

create or replace function private.check_metres(p_name text, p_value integer, p_min integer, p_max integer)
returns void language plpgsql immutable set search_path = '' as $$
begin
  if p_value is null or p_value < p_min or p_value > p_max then
    raise exception using errcode = '22023',
      message = format('%s must be an integer between %s and %s', p_name, p_min, p_max);
  end if;
end
$$;

-- Per locality of the region: address points, and how many lie within p_max_m of a visible,
-- not archived resource of the category. Address points belong to exactly one locality, so
-- sums over a sołectwo's members are exact.
create or replace function private.coverage_counts(p_region text, p_category text, p_max_m integer)
returns table (locality_id bigint, address_points bigint, covered bigint)
language plpgsql stable
set search_path = ''
as $$
#variable_conflict use_column
begin
  if not exists (select 1 from public.resource_categories c where c.slug = p_category) then
    raise exception using errcode = '22023', message = format('unknown category: %s', p_category);
  end if;
  perform private.check_metres('max_m', p_max_m, 1, 50000);
  return query
  with res as materialized (
    select extensions.st_transform(x.point, 2180) as g
    from public.resources x join public.regions r on r.id = x.region_id
    where r.slug = p_region and x.category = p_category and x.status <> 'archived'
  ),
  pts as (
    select a.locality_id, extensions.st_transform(a.point, 2180) as g
    from public.address_points a
    join public.localities l on l.id = a.locality_id
    join public.regions r on r.id = l.region_id
    where r.slug = p_region
  ),
  flagged as (
    select pts.locality_id,
      exists (select 1 from res where extensions.st_dwithin(res.g, pts.g, p_max_m)) as near
    from pts
  )
  select l.id, count(f.locality_id), count(*) filter (where f.near)
  from public.localities l
  join public.regions r on r.id = l.region_id
  left join flagged f on f.locality_id = l.id
  where r.slug = p_region
  group by l.id;
end
$$;

-- The area itself: name, member localities, address points, outline and bounding box.
create or replace function public.planning_area(p_region text, p_village text, p_solectwo text)
returns json language sql stable set search_path = '' as $$
  with ids as (
    select unnest(private.planning_localities(p_region, p_village, p_solectwo)) as id
  ),
  ls as (select l.* from public.localities l join ids on ids.id = l.id),
  u as (select extensions.st_union(ls.area) as area from ls)
  select json_build_object(
    'kind', case when p_village is not null then 'village' else 'solectwo' end,
    'slug', coalesce(p_village, p_solectwo),
    'name', case when p_village is not null then (select ls.name from ls limit 1) else (
      select s.name from public.solectwa s join public.regions r on r.id = s.region_id
      where r.slug = p_region and s.slug = p_solectwo) end,
    'localities', (select coalesce(json_agg(json_build_object(
        'name', ls.name, 'slug', ls.slug, 'address_points', ls.address_point_count)
        order by private.sort_key_pl(ls.name), ls.slug), '[]'::json) from ls),
    'address_points', (select count(*) from public.address_points a join ids on ids.id = a.locality_id),
    'bbox', case when u.area is not null then json_build_array(
      round(extensions.st_xmin(u.area)::numeric, 6), round(extensions.st_ymin(u.area)::numeric, 6),
      round(extensions.st_xmax(u.area)::numeric, 6), round(extensions.st_ymax(u.area)::numeric, 6)) end,
    'geometry', private.geojson_geometry(u.area)
  )
  from u
$$;

-- The region's resources that are not archived, with their category labels and village, and
-- their straight-line distance in metres from p_from (EPSG:2180): what planning by place and
-- venue suggestions choose from. SECURITY INVOKER, so RLS decides which ones the caller sees.
create or replace function private.resources_from(p_region text, p_from extensions.geometry)
returns table (id uuid, name text, category text, label_pl text, label_en text, capacity integer,
  step_free text, status text, point extensions.geometry, locality_id bigint, locality_slug text,
  locality text, d double precision)
language sql stable set search_path = '' as $$
  select x.id, x.name, x.category, c.label_pl, c.label_en, x.capacity, x.step_free, x.status,
    x.point, x.locality_id, l.slug, l.name,
    extensions.st_distance(p_from, extensions.st_transform(x.point, 2180))
  from public.resources x
  join public.regions r on r.id = x.region_id
  join public.resource_categories c on c.slug = x.category
  left join public.localities l on l.id = x.locality_id
  where r.slug = p_region and x.status <> 'archived'
$$;

-- Needs of the area by category, kind and status, with the most supported ones.
create or replace function public.planning_needs(p_region text, p_village text, p_solectwo text, p_top integer)
returns json language plpgsql stable set search_path = '' as $$
declare
  v_ids bigint[] := private.planning_localities(p_region, p_village, p_solectwo);
begin
  return (
  with n as (
    select x.id, x.ref, x.kind, x.category, x.title, x.status, x.support_count, x.created_at,
      x.point, l.name as locality
    from public.needs x
    join public.localities l on l.id = x.locality_id
    where x.locality_id = any (v_ids) and x.status not in ('rejected', 'merged')
  )
  select json_build_object(
    'total', (select count(*) from n),
    'supports', (select coalesce(sum(n.support_count), 0) from n),
    'by_category', (select coalesce(json_agg(json_build_object(
        'category', c.slug, 'label_pl', c.label_pl, 'label_en', c.label_en,
        'count', g.k, 'supports', g.s) order by g.k desc, g.s desc, c.sort), '[]'::json)
      from (select n.category, count(*) as k, sum(n.support_count) as s from n group by n.category) g
      join public.need_categories c on c.slug = g.category),
    'by_kind', (select coalesce(json_agg(json_build_object('kind', g.kind, 'count', g.k)
        order by g.kind desc), '[]'::json)
      from (select n.kind, count(*) as k from n group by n.kind) g),
    'by_status', (select coalesce(json_agg(json_build_object('status', g.status, 'count', g.k)
        order by array_position(array['new', 'published', 'in_analysis', 'planned',
          'in_progress', 'done'], g.status)), '[]'::json)
      from (select n.status, count(*) as k from n group by n.status) g),
    'top', (select coalesce(json_agg(json_build_object(
        'id', t.id, 'ref', t.ref, 'kind', t.kind, 'category', t.category, 'title', t.title,
        'status', t.status, 'support_count', t.support_count, 'locality', t.locality,
        'lon', round(extensions.st_x(t.point)::numeric, 6),
        'lat', round(extensions.st_y(t.point)::numeric, 6))
        order by t.support_count desc, t.created_at, t.id), '[]'::json)
      from (select * from n order by n.support_count desc, n.created_at, n.id
        limit least(greatest(coalesce(p_top, 10), 1), 100)) t)
  ));
end
$$;

-- Resources in the area, and those outside it within p_radius_m of its outline.
create or replace function public.planning_resources(p_region text, p_village text, p_solectwo text, p_radius_m integer)
returns json language plpgsql stable set search_path = '' as $$
declare
  v_ids bigint[] := private.planning_localities(p_region, p_village, p_solectwo);
begin
  perform private.check_metres('radius_m', p_radius_m, 0, 50000);
  return (
    with area as (
      select extensions.st_transform(extensions.st_union(l.area), 2180) as g
      from public.localities l where l.id = any (v_ids)
    ),
    x as (
      select x.*, x.locality_id = any (v_ids) as inside
      from area cross join lateral private.resources_from(p_region, area.g) x
    ),
    picked as (
      select x.inside, x.d, x.name, json_build_object(
        'id', x.id, 'name', x.name, 'category', x.category, 'label_pl', x.label_pl,
        'label_en', x.label_en, 'capacity', x.capacity, 'step_free', x.step_free,
        'status', x.status, 'locality', x.locality,
        'distance_m', case when x.inside then 0 else round(x.d)::integer end,
        'lon', round(extensions.st_x(x.point)::numeric, 6),
        'lat', round(extensions.st_y(x.point)::numeric, 6)) as j
      from x
      where x.inside or x.d <= p_radius_m
    )
    select json_build_object(
      'radius_m', p_radius_m,
      'inside', (select coalesce(json_agg(p.j order by p.j ->> 'category', private.sort_key_pl(p.name)), '[]'::json)
        from picked p where p.inside),
      'nearby', (select coalesce(json_agg(p.j order by p.d, private.sort_key_pl(p.name)), '[]'::json)
        from picked p where not p.inside))
  );
end
$$;

-- Coverage of every village of the region: the share of its address points within p_max_m of a
-- resource of the category. Ordered by name; gap_rank 1 is the village with the largest gap
-- (lowest share, then most uncovered address points). share is null without address points.
create or replace function public.coverage(p_region text, p_category text, p_max_m integer)
returns json language sql stable set search_path = '' as $$
  with per as (
    select l.name, l.slug, c.address_points, c.covered,
      case when c.address_points > 0 then round(c.covered::numeric / c.address_points, 4) end as share
    from private.coverage_counts(p_region, p_category, p_max_m) c
    join public.localities l on l.id = c.locality_id
  ),
  ranked as (
    select per.*, rank() over (
      order by per.share asc nulls last, per.address_points - per.covered desc) as gap_rank
    from per
  )
  select coalesce(json_agg(json_build_object(
    'village', ranked.name, 'slug', ranked.slug, 'address_points', ranked.address_points,
    'covered', ranked.covered, 'share', ranked.share, 'gap_rank', ranked.gap_rank)
    order by private.sort_key_pl(ranked.name), ranked.slug), '[]'::json)
  from ranked
$$;

-- Coverage of one area (a village or a sołectwo as a whole).
create or replace function public.area_coverage(p_region text, p_village text, p_solectwo text,
  p_category text, p_max_m integer)
returns json language plpgsql stable set search_path = '' as $$
declare
  v_ids bigint[] := private.planning_localities(p_region, p_village, p_solectwo);
begin
  return (select json_build_object(
    'category', p_category, 'max_m', p_max_m,
    'address_points', coalesce(sum(c.address_points), 0),
    'covered', coalesce(sum(c.covered), 0),
    'share', case when sum(c.address_points) > 0
      then round(sum(c.covered) / sum(c.address_points), 4) end)
  from private.coverage_counts(p_region, p_category, p_max_m) c
  where c.locality_id = any (v_ids));
end
$$;

-- Venues for an activity: visible resources with at least p_min_capacity places (and step-free
-- access if asked), nearest first to the centroid of the needs the activity addresses.
create or replace function public.suggest_venues(p_region text, p_need_ids uuid[],
  p_min_capacity integer, p_step_free boolean, p_limit integer)
returns json language plpgsql stable set search_path = '' as $$
begin
  if p_min_capacity is not null then
    perform private.check_metres('min_capacity', p_min_capacity, 0, 100000);
  end if;
  return (
    with sel as (
      select extensions.st_transform(n.point, 2180) as g
      from public.needs n join public.regions r on r.id = n.region_id
      where r.slug = p_region and n.id = any (coalesce(p_need_ids, '{}'))
        and n.status not in ('rejected', 'merged')
    ),
    c as (select extensions.st_centroid(extensions.st_collect(sel.g)) as g, count(*) as k from sel),
    v as (
      select x.*
      from c cross join lateral private.resources_from(p_region, c.g) x
      where c.g is not null
        and (coalesce(p_min_capacity, 0) = 0 or x.capacity >= p_min_capacity)
        and (not coalesce(p_step_free, false) or x.step_free = 'yes')
      order by x.d, private.sort_key_pl(x.name), x.id
      limit least(greatest(coalesce(p_limit, 10), 1), 50)
    )
    select json_build_object(
      'needs', c.k,
      'centroid', case when c.g is not null then json_build_array(
        round(extensions.st_x(extensions.st_transform(c.g, 4326))::numeric, 6),
        round(extensions.st_y(extensions.st_transform(c.g, 4326))::numeric, 6)) end,
      'venues', (select coalesce(json_agg(json_build_object(
          'id', v.id, 'name', v.name, 'category', v.category, 'label_pl', v.label_pl,
          'label_en', v.label_en, 'capacity', v.capacity, 'step_free', v.step_free,
          'status', v.status, 'locality', v.locality, 'locality_slug', v.locality_slug,
          'distance_m', round(v.d)::integer) order by v.d, private.sort_key_pl(v.name), v.id), '[]'::json) from v))
    from c
  );
end
$$;

-- Hotspots at a bounded cost, whatever the number of needs. Three bounds:
-- - a time window: only needs reported in the last p_months months (older ones are history,
--   and the window keeps a decade of reports from growing the input);
-- - up to 5,000 needs, DBSCAN runs on the needs themselves (ST_ClusterDBSCAN in metres,
--   exact); beyond that, the needs are first counted per grid cell in one grouped pass
--   (longitude/latitude steps of the cell size, no per-row transform) and the cells, never more
--   than about 10,000, are clustered: cells whose weighted centres lie within twice the cell size
--   join, and a cluster is kept when it holds at least p_min_points needs. The cell is half the
--   distance (so two needs of one cell are always within it), coarser only where the region is so
--   large that more than 10,000 cells would cover it. ST_ClusterDBSCAN runs in GEOS/liblwgeom
--   loops that do not always see a statement timeout, so the bound on its input is what keeps
--   a request cancellable;
-- - p_public limits the needs to the public ones (the public diagnosis); otherwise RLS decides.
-- One row per cluster, numbered by size, then supports; `clustered` is the number of rows
-- ST_ClusterDBSCAN read (needs or cells), `cell_m` the cell size (null when exact), `need_ids`
-- only when exact.
create or replace function private.need_clusters(p_region text, p_ids bigint[], p_public boolean,
  p_months integer, p_eps_m integer, p_min_points integer)
returns table (no bigint, count bigint, supports bigint, category text, dominant_count bigint,
  centre extensions.geometry, radius_m integer, need_ids uuid[], cell_m integer, clustered integer)
language plpgsql stable set search_path = '' as $$
declare
  c_exact constant integer := 5000;
  c_cells constant float8 := 10000;
  v_region bigint;
  v_boundary extensions.geometry;
  v_since timestamptz;
  v_n integer;
  v_cell float8;
  v_dx float8;
  v_dy float8;
  v_clustered integer;
begin
  perform private.check_metres('eps_m', p_eps_m, 1, 10000);
  perform private.check_metres('min_points', p_min_points, 2, 100);
  perform private.check_metres('months', p_months, 1, 120);
  select r.id, r.boundary into v_region, v_boundary from public.regions r where r.slug = p_region;
  v_since := now() - make_interval(months => p_months);
  select count(*) into v_n from (
    select 1 from public.needs x
    where x.region_id = v_region and x.created_at >= v_since
      and x.status not in ('rejected', 'merged')
      and (not p_public or private.is_public_need(x.status, x.hidden_at))
      and (p_ids is null or x.locality_id = any (p_ids))
    limit c_exact + 1) t;

  if v_n <= c_exact then
    return query
    with n as (
      select x.id, x.category, x.support_count, extensions.st_transform(x.point, 2180) as g
      from public.needs x
      where x.region_id = v_region and x.created_at >= v_since
        and x.status not in ('rejected', 'merged')
        and (not p_public or private.is_public_need(x.status, x.hidden_at))
        and (p_ids is null or x.locality_id = any (p_ids))
    ),
    cl as (
      select n.*, extensions.st_clusterdbscan(n.g, p_eps_m::float8, p_min_points) over () as cid
      from n
    ),
    -- The centre is the mean of the points (what ST_Centroid gives for points); the radius the
    -- largest distance from it, in one pass (no per-cluster subquery).
    cw as (
      select cl.*, avg(extensions.st_x(cl.g)) over w as cx, avg(extensions.st_y(cl.g)) over w as cy
      from cl where cl.cid is not null window w as (partition by cl.cid)
    ),
    g as (
      select cw.cid, count(*) as k, sum(cw.support_count) as s,
        extensions.st_setsrid(extensions.st_makepoint(min(cw.cx), min(cw.cy)), 2180) as c,
        max(sqrt((extensions.st_x(cw.g) - cw.cx) ^ 2 + (extensions.st_y(cw.g) - cw.cy) ^ 2)) as r,
        array_agg(cw.id order by cw.id) as ids
      from cw group by cw.cid
    ),
    dom as (
      select distinct on (t.cid) t.cid, t.category, t.k
      from (select cl.cid, cl.category, count(*) as k from cl where cl.cid is not null
        group by cl.cid, cl.category) t
      order by t.cid, t.k desc, t.category
    )
    select row_number() over (order by g.k desc, g.s desc,
        extensions.st_x(g.c), extensions.st_y(g.c)),
      g.k, g.s, dom.category, dom.k, g.c, round(g.r)::integer, g.ids, null::integer, v_n
    from g join dom on dom.cid = g.cid;
    return;
  end if;

  -- EPSG:2180 is metric for all of Poland; one degree of latitude is 111.32 km, one of
  -- longitude that times the cosine of the latitude (taken at the region's centre).
  v_cell := greatest(p_eps_m / 2.0, sqrt(extensions.st_area(extensions.st_transform(
    extensions.st_envelope(v_boundary), 2180)) / c_cells));
  v_dy := v_cell / 111320.0;
  v_dx := v_dy / cos(radians(extensions.st_y(extensions.st_centroid(
    extensions.st_envelope(v_boundary)))));
  return query
  with pc as (
    select floor(extensions.st_x(x.point) / v_dx)::bigint as i,
      floor(extensions.st_y(x.point) / v_dy)::bigint as j, x.category,
      count(*) as k, sum(x.support_count) as s,
      sum(extensions.st_x(x.point)) as sx, sum(extensions.st_y(x.point)) as sy
    from public.needs x
    where x.region_id = v_region and x.created_at >= v_since
      and x.status not in ('rejected', 'merged')
      and (not p_public or private.is_public_need(x.status, x.hidden_at))
      and (p_ids is null or x.locality_id = any (p_ids))
    group by 1, 2, 3
  ),
  -- One row per cell, its categories' counts carried along (no join back to pc afterwards).
  cells as (
    select sum(pc.k) as k, sum(pc.s) as s, jsonb_object_agg(pc.category, pc.k) as cats,
      extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint(
        sum(pc.sx) / sum(pc.k), sum(pc.sy) / sum(pc.k)), 4326), 2180) as g
    from pc group by pc.i, pc.j
  ),
  cl as materialized (
    select cells.*, extensions.st_clusterdbscan(cells.g, 2 * v_cell, 1) over () as cid,
      count(*) over () as n
    from cells
  ),
  -- The centre is the mean of the cells' centres weighted by their needs; the radius the
  -- largest distance from it to a cell's centre, in one pass.
  cw as (
    select cl.*, sum(cl.k) over w as tk,
      sum(extensions.st_x(cl.g) * cl.k) over w / sum(cl.k) over w as cx,
      sum(extensions.st_y(cl.g) * cl.k) over w / sum(cl.k) over w as cy
    from cl window w as (partition by cl.cid)
  ),
  g as (
    select cw.cid, sum(cw.k)::bigint as k, sum(cw.s)::bigint as s,
      extensions.st_setsrid(extensions.st_makepoint(min(cw.cx), min(cw.cy)), 2180) as c,
      max(sqrt((extensions.st_x(cw.g) - cw.cx) ^ 2 + (extensions.st_y(cw.g) - cw.cy) ^ 2)) as r
    from cw where cw.tk >= p_min_points group by cw.cid
  ),
  dom as (
    select distinct on (t.cid) t.cid, t.category, t.k
    from (select cl.cid, e.key as category, sum(e.value::bigint)::bigint as k
      from cl cross join lateral jsonb_each_text(cl.cats) e
      group by cl.cid, e.key) t
    order by t.cid, t.k desc, t.category
  )
  select row_number() over (order by g.k desc, g.s desc,
      extensions.st_x(g.c), extensions.st_y(g.c)),
    g.k, g.s, dom.category, dom.k, g.c, round(g.r)::integer,
    null::uuid[], round(v_cell)::integer, (select max(cl.n) from cl)::integer
  from g join dom on dom.cid = g.cid;
end
$$;

-- Hotspots of a planning area (the whole region when no area is given), under RLS: needs
-- reported in the last p_months months, within p_eps_m of each other, at least p_min_points of
-- them, with each cluster's dominant category (private.need_clusters). Clusters are numbered by
-- size, then supports; grid_m is the cell size when the needs were counted per cell first.
create or replace function public.need_hotspots(p_region text, p_village text, p_solectwo text,
  p_months integer, p_eps_m integer, p_min_points integer)
returns json language plpgsql stable set search_path = '' as $$
declare
  v_ids bigint[];
begin
  if num_nonnulls(p_village, p_solectwo) > 0 then
    v_ids := private.planning_localities(p_region, p_village, p_solectwo);
  end if;
  return (
    select coalesce(json_agg(json_build_object(
      'cluster', q.no, 'count', q.count, 'supports', q.supports,
      'dominant_category', q.category, 'dominant_count', q.dominant_count,
      'label_pl', c.label_pl, 'label_en', c.label_en,
      'lon', round(extensions.st_x(extensions.st_transform(q.centre, 4326))::numeric, 6),
      'lat', round(extensions.st_y(extensions.st_transform(q.centre, 4326))::numeric, 6),
      'radius_m', q.radius_m, 'grid_m', q.cell_m,
      'need_ids', q.need_ids) order by q.no), '[]'::json)
    from private.need_clusters(p_region, v_ids, false, p_months, p_eps_m, p_min_points) q
    join public.need_categories c on c.slug = q.category
  );
end
$$;

-- Counts of an area for the open API: needs and resources located in it, by category, and
-- activities whose main village is in it or that also serve one of its villages (counted once).
create or replace function private.area_counts(p_ids bigint[])
returns jsonb language sql stable set search_path = '' as $$
  with nx as (
    select x.category from public.needs x
    where x.locality_id = any (p_ids) and x.status not in ('rejected', 'merged')
  ),
  rx as (
    select x.category from public.resources x
    where x.locality_id = any (p_ids) and x.status <> 'archived'
  ),
  ax as (
    select a.status from public.activities a
    where private.activity_serves(a.id, a.locality_id, p_ids)
  )
  select jsonb_build_object(
    'needs', jsonb_build_object(
      'total', (select count(*) from nx),
      'by_category', (select coalesce(jsonb_object_agg(g.category, g.k), '{}'::jsonb)
        from (select nx.category, count(*) as k from nx group by nx.category) g)),
    'resources', jsonb_build_object(
      'total', (select count(*) from rx),
      'by_category', (select coalesce(jsonb_object_agg(g.category, g.k), '{}'::jsonb)
        from (select rx.category, count(*) as k from rx group by rx.category) g)),
    'activities', jsonb_build_object(
      'planned', (select count(*) from ax where ax.status in ('planned', 'confirmed')),
      'done', (select count(*) from ax where ax.status = 'held')))
$$;

-- GET /api/villages/:slug/summary; null for an unknown slug.
create or replace function public.village_summary(p_region text, p_village text)
returns json language sql stable set search_path = '' as $$
  select (jsonb_build_object(
    'village', jsonb_build_object(
      'name', v.name,
      'slug', v.slug,
      'solectwa', to_jsonb(private.locality_solectwa(v.id)),
      'address_points', v.address_point_count,
      'population', v.population,
      'population_year', v.population_year)
  ) || private.area_counts(array[v.id]))::json
  from public.localities v join public.regions r on r.id = v.region_id
  where r.slug = p_region and v.slug = p_village
$$;

-- GET /api/solectwa/:slug/summary: the same counts over the sołectwo's villages; null if unknown.
create or replace function public.solectwo_summary(p_region text, p_solectwo text)
returns json language sql stable set search_path = '' as $$
  with s as (
    select s.id, s.name, s.slug, s.population, s.population_year, coalesce((
        select array_agg(sl.locality_id order by sl.locality_id)
        from public.solectwo_localities sl where sl.solectwo_id = s.id), '{}') as ids
    from public.solectwa s join public.regions r on r.id = s.region_id
    where r.slug = p_region and s.slug = p_solectwo
  )
  select (jsonb_build_object(
    'solectwo', jsonb_build_object(
      'name', s.name,
      'slug', s.slug,
      'villages', coalesce((
        select jsonb_agg(jsonb_build_object('name', l.name, 'slug', l.slug) order by private.sort_key_pl(l.name), l.slug)
        from public.localities l where l.id = any (s.ids)), '[]'::jsonb),
      'address_points', (select count(*) from public.address_points a where a.locality_id = any (s.ids)),
      'population', s.population,
      'population_year', s.population_year)
  ) || private.area_counts(s.ids))::json
  from s
$$;

-- The panel's picker: villages and sołectwa with their member villages.
create or replace function public.planning_choices(p_region text)
returns json language sql stable set search_path = '' as $$
  select json_build_object(
    'villages', (select coalesce(json_agg(json_build_object('name', l.name, 'slug', l.slug)
        order by private.sort_key_pl(l.name), l.slug), '[]'::json)
      from public.localities l join public.regions r on r.id = l.region_id where r.slug = p_region),
    'solectwa', (select coalesce(json_agg(json_build_object('name', s.name, 'slug', s.slug,
        'villages', (select count(*) from public.solectwo_localities sl where sl.solectwo_id = s.id))
        order by private.sort_key_pl(s.name), s.slug), '[]'::json)
      from public.solectwa s join public.regions r on r.id = s.region_id where r.slug = p_region))
$$;

-- Every village of the region with its sołectwa, population, counts of published resources and
-- public needs, label point (inside its area) and bounding box, for the village list and map names.
create or replace function public.village_summaries(p_region text)
returns json language sql stable set search_path = '' as $$
  select coalesce(json_agg(json_build_object(
    'id', l.id,
    'name', l.name,
    'slug', l.slug,
    'solectwa', to_json(private.locality_solectwa(l.id)),
    'address_points', l.address_point_count,
    'resources', (select count(*) from public.resources x where x.locality_id = l.id and x.status = 'published'),
    'needs', (select coalesce(sum(c.needs), 0) from public.locality_need_counts c
      where c.locality_id = l.id),
    'population', l.population,
    'population_year', l.population_year,
    'label_lon', round(extensions.st_x(lp.point)::numeric, 6),
    'label_lat', round(extensions.st_y(lp.point)::numeric, 6),
    'bbox', json_build_array(
      round(extensions.st_xmin(l.area)::numeric, 6), round(extensions.st_ymin(l.area)::numeric, 6),
      round(extensions.st_xmax(l.area)::numeric, 6), round(extensions.st_ymax(l.area)::numeric, 6)),
    'area_source', l.area_source,
    'area_source_note', l.area_source_note
  ) order by private.sort_key_pl(l.name), l.slug), '[]'::json)
  from public.localities l
  join public.regions r on r.id = l.region_id
  -- The label point: the centre of the largest circle inside the village's area (computed in
  -- metres, EPSG:2180, the Polish national grid), so a name drawn there and a tap on it fall in
  -- that village. The median of the address points can lie near an edge, where a name spills
  -- over a neighbour. A village without an area keeps its point.
  cross join lateral (select coalesce(extensions.st_transform((extensions.st_maximuminscribedcircle(
      extensions.st_transform(l.area, 2180))).center, 4326), l.point) as point) lp
  where r.slug = p_region
$$;

-- Presentation mode: one call gives every village of the region with the
-- figures of the choropleth and the contents of its card. SECURITY INVOKER, but it filters to
-- what the public sees whoever calls it (public needs, published resources and activities):
-- a projected slide must look the same for a councillor signed in and for the audience.
-- Exact counts leave the server only for staff; the small-count suppression ("<3") is applied in
-- src/lib/server/presentation/data.ts, before anything is serialised for a public client.
create or replace function public.presentation_villages(p_region text, p_category text, p_max_m integer)
returns json language plpgsql stable set search_path = '' as $$
begin
  if not exists (select 1 from public.resource_categories c where c.slug = p_category) then
    raise exception using errcode = '22023', message = format('unknown category: %s', p_category);
  end if;
  perform private.check_metres('max_m', p_max_m, 1, 50000);
  return (
  with ls as (
    select l.id, l.name, l.slug, l.area, l.point, l.address_point_count
    from public.localities l join public.regions r on r.id = l.region_id
    where r.slug = p_region
  ),
  -- Coverage the way private.coverage_counts measures it, straight-line in EPSG:2180,
  -- but from published resources only: drafts would make the staff's slide differ.
  res as materialized (
    select extensions.st_transform(x.point, 2180) as g
    from public.resources x join public.regions r on r.id = x.region_id
    where r.slug = p_region and x.category = p_category and x.status = 'published'
  ),
  cov as (
    select a.locality_id, count(*) as address_points,
      count(*) filter (where exists (select 1 from res
        where extensions.st_dwithin(res.g, extensions.st_transform(a.point, 2180), p_max_m))) as covered
    from public.address_points a join ls on ls.id = a.locality_id
    group by a.locality_id
  ),
  -- Kept exact by private.count_public_need: no scan of the needs table.
  pn as (
    select c.locality_id, sum(c.needs) as needs, sum(c.supports) as supports
    from public.locality_need_counts c join ls on ls.id = c.locality_id
    group by c.locality_id
  ),
  pr as (
    select x.locality_id, x.category, x.name
    from public.resources x join ls on ls.id = x.locality_id
    where x.status = 'published'
  )
  select coalesce(json_agg(json_build_object(
    'id', ls.id,
    'name', ls.name,
    'slug', ls.slug,
    'solectwo', nullif(array_to_string(private.locality_solectwa(ls.id), ', '), ''),
    'address_points', coalesce(cov.address_points, 0),
    'needs', coalesce(pn.needs, 0),
    'supports', coalesce(pn.supports, 0),
    'resources', (select count(*) from pr where pr.locality_id = ls.id),
    'covered', coalesce(cov.covered, 0),
    'label', json_build_array(
      round(extensions.st_x(ls.point)::numeric, 6), round(extensions.st_y(ls.point)::numeric, 6)),
    'bbox', json_build_array(
      round(extensions.st_xmin(ls.area)::numeric, 6), round(extensions.st_ymin(ls.area)::numeric, 6),
      round(extensions.st_xmax(ls.area)::numeric, 6), round(extensions.st_ymax(ls.area)::numeric, 6)),
    'resources_by_category', (
      select coalesce(json_agg(json_build_object(
          'category', c.slug, 'label_pl', c.label_pl, 'label_en', c.label_en,
          'names', (select json_agg(pr.name order by private.sort_key_pl(pr.name)) from pr
            where pr.locality_id = ls.id and pr.category = c.slug))
        order by c.sort, c.slug), '[]'::json)
      from public.resource_categories c
      where exists (select 1 from pr where pr.locality_id = ls.id and pr.category = c.slug)),
    'top_needs', (
      select coalesce(json_agg(json_build_object(
          'title', t.title, 'category', t.category, 'label_pl', c.label_pl, 'label_en', c.label_en,
          'supports', t.support_count)
        order by t.support_count desc, t.created_at, t.title), '[]'::json)
      from (
        -- needs_public_open_top_idx serves this: three index rows per village.
        select n.title, n.category, n.support_count, n.created_at from public.needs n
        where n.locality_id = ls.id
          and n.status in ('published', 'in_analysis', 'planned', 'in_progress')
          and n.hidden_at is null
        order by n.support_count desc, n.created_at, n.title limit 3
      ) t join public.need_categories c on c.slug = t.category),
    'activities', (
      select coalesce(json_agg(json_build_object('title', a.title,
          'date', to_char(private.local_time(a.starts_at), 'YYYY-MM-DD'))
        order by a.starts_at nulls last, a.title), '[]'::json)
      from public.activities a
      where a.published and a.status in ('planned', 'confirmed')
        and private.activity_serves(a.id, a.locality_id, array[ls.id]))
  ) order by private.sort_key_pl(ls.name), ls.slug), '[]'::json)
  from ls left join cov on cov.locality_id = ls.id left join pn on pn.locality_id = ls.id);
end
$$;

select private.grant_execute('anon, authenticated, service_role',
  'public.village_summaries(text)', 'private.check_metres(text,integer,integer,integer)',
  'private.resources_from(text,extensions.geometry)',
  'private.planning_localities(text,text,text)', 'private.coverage_counts(text,text,integer)',
  'private.area_counts(bigint[])', 'public.planning_area(text,text,text)',
  'public.planning_needs(text,text,text,integer)', 'public.village_summary(text,text)',
  'public.planning_resources(text,text,text,integer)', 'public.coverage(text,text,integer)',
  'public.area_coverage(text,text,text,text,integer)',
  'public.suggest_venues(text,uuid[],integer,boolean,integer)',
  'public.need_hotspots(text,text,text,integer,integer,integer)', 'public.solectwo_summary(text,text)',
  'private.need_clusters(text,bigint[],boolean,integer,integer,integer)',
  'public.planning_choices(text)', 'public.presentation_villages(text,text,integer)');

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.planning_localities(text,text,text) is 'The locality ids of a planning area: one village or one sołectwo.';
comment on function private.check_metres(text,integer,integer,integer) is 'Raises 22023 when a number is outside its allowed range.';
comment on function private.resources_from(text,extensions.geometry) is 'Resources of a region that are not archived, with labels, village and distance from a geometry.';
comment on function private.coverage_counts(text,text,integer) is 'Per locality: address points, and those near a resource of a category.';
comment on function public.planning_area(text,text,text) is 'A planning area: name, villages, address points, outline and bounding box.';
comment on function public.planning_needs(text,text,text,integer) is 'Needs of a planning area by category, kind and status, and the most supported.';
comment on function public.planning_resources(text,text,text,integer) is 'Resources inside a planning area and near it.';
comment on function public.coverage(text,text,integer) is 'For every village, the share of address points near a resource of a category.';
comment on function public.area_coverage(text,text,text,text,integer) is 'The share of a planning area''s address points near a resource of a category.';
comment on function public.suggest_venues(text,uuid[],integer,boolean,integer) is 'Venues for an activity, nearest first to the needs it addresses.';
comment on function public.need_hotspots(text,text,text,integer,integer,integer) is 'Clusters of recent needs (DBSCAN in metres) with their dominant category.';
comment on function private.need_clusters(text,bigint[],boolean,integer,integer,integer) is 'Clusters of recent needs at a bounded cost: exact DBSCAN up to 5,000 needs, on grid cells beyond.';
comment on function private.area_counts(bigint[]) is 'Needs, resources and activities of a set of localities, for the open API.';
comment on function public.village_summary(text,text) is 'One village with its counts, for GET /api/villages/:slug/summary.';
comment on function public.solectwo_summary(text,text) is 'One sołectwo with its counts, for GET /api/solectwa/:slug/summary.';
comment on function public.planning_choices(text) is 'Villages and sołectwa for the planning picker.';
comment on function public.village_summaries(text) is 'Every village of a region with its counts, for the village list.';
comment on function public.presentation_villages(text,text,integer) is 'Every village with the public figures of the presentation mode.';
