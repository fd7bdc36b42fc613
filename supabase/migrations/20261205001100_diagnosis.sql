-- "Diagnoza społeczności lokalnej — mapa zasobów i potrzeb".
-- The figures are never stored: public.diagnosis computes them live from current data, counting
-- only what is public (public needs, published resources and activities) for everyone, so a
-- council member and a resident read the same figures (the server suppresses 1–2 for the public).
-- Only the organizer's narrative ("Wnioski i rekomendacje") is stored, per scope, in
-- public.diagnoses: drafts for staff, published rows for everyone.

create table public.diagnoses (
  id bigint generated always as identity primary key,
  region_id bigint not null references public.regions (id) on delete cascade,
  -- The URL slug of the scope: a locality slug, 'solectwo-<slug>' or 'gmina'.
  scope text not null check (scope ~ '^[a-z0-9-]{1,90}$'),
  body text not null default '' check (char_length(body) <= 20000),
  status text not null default 'draft' check (status in ('draft', 'published')),
  published_at timestamptz,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  unique (region_id, scope),
  check ((status = 'published') = (published_at is not null))
);
comment on table public.diagnoses is 'The organizer''s narrative of the community diagnosis, per scope; drafts for staff.';

select private.lock_table('public.diagnoses');
grant select (id, region_id, scope, body, status, published_at,
  updated_at) on public.diagnoses to anon;
grant insert, update, delete on public.diagnoses to authenticated;
grant select (id, region_id, scope, body, status, published_at,
  updated_at) on public.diagnoses to authenticated;

select private.create_editor_policies('diagnoses', $$status = 'published'$$);

create trigger diagnoses_touch before update on public.diagnoses
  for each row execute function private.touch_updated_at();

create trigger diagnoses_audit after insert or update or delete on public.diagnoses
  for each row execute function private.audit_row();

-- A scope of the region: its localities, name and outline; null when the slug is unknown.
create or replace function private.diagnosis_scope(p_region text, p_scope_kind text, p_slug text)
returns table (ids bigint[], name text, area extensions.geometry)
language plpgsql stable
set search_path = ''
as $$
begin
  if p_scope_kind = 'gmina' then
    return query
    select coalesce((select array_agg(l.id order by l.id) from public.localities l
        where l.region_id = r.id), '{}'), r.name, r.boundary::extensions.geometry
    from public.regions r where r.slug = p_region;
  elsif p_scope_kind = 'village' then
    return query
    select array[l.id], l.name, l.area::extensions.geometry
    from public.localities l join public.regions r on r.id = l.region_id
    where r.slug = p_region and l.slug = p_slug;
  elsif p_scope_kind = 'solectwo' then
    return query
    select coalesce(m.ids, '{}'), s.name,
      (select extensions.st_union(l.area) from public.localities l where l.id = any (m.ids))
    from public.solectwa s
    join public.regions r on r.id = s.region_id
    cross join lateral (select array_agg(sl.locality_id order by sl.locality_id) as ids
      from public.solectwo_localities sl where sl.solectwo_id = s.id) m
    where r.slug = p_region and s.slug = p_slug;
  else
    raise exception using errcode = '22023', message = format('unknown scope kind: %s', p_scope_kind);
  end if;
end
$$;

-- Totals of an area (public items only): the snapshot counts and the gmina comparison line.
-- Public needs and supports come from public.locality_need_counts, which a trigger keeps exact,
-- so the totals cost the same at any number of needs.
create or replace function private.diagnosis_totals(p_ids bigint[])
returns jsonb language sql stable set search_path = '' as $$
  select jsonb_build_object(
    'needs', (select coalesce(sum(c.needs), 0) from public.locality_need_counts c
      where c.locality_id = any (p_ids)),
    'supports', (select coalesce(sum(c.supports), 0) from public.locality_need_counts c
      where c.locality_id = any (p_ids)),
    'resources', (select count(*) from public.resources x where x.locality_id = any (p_ids)
      and x.status = 'published'),
    'activities_planned', (select count(*) from public.activities a where a.published
      and a.status in ('planned', 'confirmed')
      and private.activity_serves(a.id, a.locality_id, p_ids)),
    'activities_done', (select count(*) from public.activities a where a.published
      and a.status = 'held' and private.activity_serves(a.id, a.locality_id, p_ids)))
$$;

-- The whole diagnosis of a scope as one document; null for an unknown slug. SECURITY INVOKER:
-- RLS applies, and the explicit public filters make staff see the same figures as residents.
create or replace function public.diagnosis(p_region text, p_scope_kind text, p_slug text)
returns jsonb
language plpgsql stable
set search_path = ''
-- The planner's cost estimate of the spatial joins is huge (it cannot see the few rows), which
-- made PostgreSQL spend seconds JIT-compiling a query that runs in ~100 ms.
set jit = off
as $$
declare
  v_ids bigint[];
  v_name text;
  v_area extensions.geometry;
  v_box extensions.geometry;
  v_cell float8;
  v_scope text := case p_scope_kind when 'gmina' then 'gmina'
    when 'solectwo' then 'solectwo-' || p_slug else p_slug end;
  v_reach integer := 2000;
  v_total bigint;
  v_grid integer;
  v_doc jsonb;
begin
  select s.ids, s.name, extensions.st_transform(s.area, 2180) into v_ids, v_name, v_area
  from private.diagnosis_scope(p_region, p_scope_kind, p_slug) s;
  if v_name is null then
    return null;
  end if;
  v_box := extensions.st_envelope(v_area);
  v_cell := greatest(extensions.st_xmax(v_box) - extensions.st_xmin(v_box),
    extensions.st_ymax(v_box) - extensions.st_ymin(v_box), 64) / 64;
  v_grid := (ceil(v_cell / 100) * 100)::integer;
  select coalesce(sum(t.needs), 0) into v_total
  from public.locality_need_tallies t where t.locality_id = any (v_ids);

  -- The public needs are read from the trigger-kept tallies (…_need_tallies.sql): per village,
  -- kind, category and status; per month; per 100 m cell. So the figures cost the same at any
  -- number of needs and equal a count of the needs themselves (tests/db/need-tallies.spec.ts).
  with tal as materialized (
    select t.category, t.status, sum(t.needs) as k, sum(t.supports) as s
    from public.locality_need_tallies t where t.locality_id = any (v_ids)
    group by t.category, t.status having sum(t.needs) > 0
  ),
  res as materialized (
    select x.id, x.name, x.category, extensions.st_transform(x.point, 2180) as g,
      x.locality_id = any (v_ids) as inside
    from public.resources x join public.regions r on r.id = x.region_id
    where r.slug = p_region and x.status = 'published'
  ),
  act as materialized (
    select a.id, a.title, a.status, a.starts_at, a.kind
    from public.activities a
    where a.published and a.status <> 'cancelled'
      and private.activity_serves(a.id, a.locality_id, v_ids)
  ),
  pts as materialized (
    select a.id, extensions.st_transform(a.point, 2180) as g
    from public.address_points a where a.locality_id = any (v_ids)
  ),
  -- The address points of the whole gmina: the coverage a part of it is compared with (for the
  -- gmina itself that is pts, so none are read twice).
  gpts as materialized (
    select extensions.st_transform(a.point, 2180) as g
    from public.address_points a join public.localities l on l.id = a.locality_id
    join public.regions r on r.id = l.region_id
    where r.slug = p_region and p_scope_kind <> 'gmina'
  ),
  -- Coverage: address points within reach of a published resource of each category,
  -- tested against the union of the resources' buffers (one prepared polygon per category,
  -- far faster for a whole gmina than a distance test per pair).
  reach as materialized (
    select res.category, extensions.st_union(extensions.st_buffer(res.g, v_reach, 16)) as g
    from res group by res.category
  ),
  -- gmina_resources: published resources of the category anywhere in the gmina, so the page can
  -- tell a gap (the gmina has it, this area is out of reach) from a category the gmina lacks;
  -- gmina_points/gmina_covered: the same coverage for the whole gmina, to weigh the area's gap.
  cov as (
    select c.slug, c.label_pl, c.label_en, c.sort, (select count(*) from pts) as address_points,
      (select count(*) from res where res.category = c.slug) as gmina_resources,
      (select count(*) from gpts) as gmina_points,
      coalesce((select count(*) from gpts join reach on extensions.st_intersects(reach.g, gpts.g)
        where reach.category = c.slug), 0) as gmina_covered,
      coalesce((select count(*) from pts join reach on extensions.st_intersects(reach.g, pts.g)
        where reach.category = c.slug), 0) as covered
    from public.resource_categories c
  ),
  -- Hotspots of the public needs reported in the last 12 months, bounded at any number of
  -- needs (private.need_clusters: exact up to 5,000 needs, on grid cells beyond).
  hot as (
    select q.no, q.count as k, q.supports as s, q.category
    from private.need_clusters(p_region, v_ids, true, 12, 500, 3) q
  ),
  -- Reported and resolved needs per month (Europe/Warsaw), from the trigger-kept monthly tally.
  months as (
    select m::date as m from generate_series(private.local_month(now()) - interval '11 months',
      private.local_month(now()), interval '1 month') m
  ),
  trend as (
    select t.month, sum(t.reported) as reported, sum(t.resolved) as resolved
    from public.locality_need_months t
    where t.locality_id = any (v_ids) and t.month >= private.local_month(now()) - interval '11 months'
    group by t.month
  ),
  quarters as (
    select generate_series(date_trunc('quarter', now()) - interval '9 months',
      date_trunc('quarter', now()), interval '3 months') as q
  )
  select jsonb_build_object(
    'resources', jsonb_build_object(
      'total', (select count(*) from res where res.inside),
      'by_category', (select jsonb_agg(jsonb_build_object('category', c.slug,
          'label_pl', c.label_pl, 'label_en', c.label_en,
          'count', (select count(*) from res where res.inside and res.category = c.slug))
          order by c.sort, c.slug)
        from public.resource_categories c)),
    'needs', jsonb_build_object(
      'total', (select coalesce(sum(tal.k), 0) from tal),
      'supports', (select coalesce(sum(tal.s), 0) from tal),
      'by_category', (select coalesce(jsonb_agg(jsonb_build_object('category', c.slug,
          'label_pl', c.label_pl, 'label_en', c.label_en, 'count', g.k, 'supports', g.s,
          'done', g.done) order by g.k desc, g.s desc, c.sort), '[]'::jsonb)
        from (select tal.category, sum(tal.k) as k, sum(tal.s) as s,
            coalesce(sum(tal.k) filter (where tal.status = 'done'), 0) as done
          from tal group by tal.category) g
        join public.need_categories c on c.slug = g.category),
      'by_status', (select coalesce(jsonb_agg(jsonb_build_object('status', g.status, 'count', g.k)
          order by array_position(array['published', 'in_analysis', 'planned',
            'in_progress', 'done'], g.status)), '[]'::jsonb)
        from (select tal.status, sum(tal.k) as k from tal group by tal.status) g),
      -- The five most supported: five rows per village from needs_public_top_idx, then the best
      -- five of those.
      'top', (select coalesce(jsonb_agg(jsonb_build_object('ref', t.ref, 'title', t.title,
          'category', t.category, 'status', t.status, 'supports', t.support_count)
          order by t.support_count desc, t.created_at, t.id), '[]'::jsonb)
        from (select b.* from unnest(v_ids) as l (id)
          cross join lateral (select x.id, x.ref, x.title, x.category, x.status, x.support_count,
              x.created_at
            from public.needs x
            where x.locality_id = l.id and private.is_public_need(x.status, x.hidden_at)
            order by x.support_count desc, x.created_at, x.id limit 5) b
          order by b.support_count desc, b.created_at, b.id limit 5) t)),
    'coverage', jsonb_build_object(
      'reach_m', v_reach,
      'by_category', (select jsonb_agg(jsonb_build_object('category', cov.slug,
          'label_pl', cov.label_pl, 'label_en', cov.label_en,
          'address_points', cov.address_points, 'covered', cov.covered,
          'gmina_resources', cov.gmina_resources,
          'gmina_share', case
            when p_scope_kind = 'gmina' and cov.address_points > 0
              then round(cov.covered::numeric / cov.address_points, 4)
            when cov.gmina_points > 0
              then round(cov.gmina_covered::numeric / cov.gmina_points, 4) end,
          'share', case when cov.address_points > 0
            then round(cov.covered::numeric / cov.address_points, 4) end)
          order by cov.sort, cov.slug) from cov)),
    'hotspots', (select coalesce(jsonb_agg(jsonb_build_object('count', hot.k, 'supports', hot.s,
        'category', hot.category, 'label_pl', c.label_pl, 'label_en', c.label_en)
        order by hot.no), '[]'::jsonb)
      from hot join public.need_categories c on c.slug = hot.category),
    'activities', jsonb_build_object(
      'planned', (select count(*) from act where act.status in ('planned', 'confirmed')),
      'done', (select count(*) from act where act.status = 'held'),
      'needs_addressed', (select count(distinct an.need_id) from public.activity_needs an
        join act on act.id = an.activity_id join public.needs x on x.id = an.need_id
        where private.is_public_need(x.status, x.hidden_at)),
      'items', (select coalesce(jsonb_agg(jsonb_build_object('title', act.title,
          'status', act.status, 'kind', act.kind, 'starts_at', act.starts_at,
          'needs', (select coalesce(jsonb_agg(jsonb_build_object('ref', x.ref, 'title', x.title,
              'status', x.status) order by x.ref), '[]'::jsonb)
            from public.activity_needs an join public.needs x on x.id = an.need_id
            where an.activity_id = act.id and private.is_public_need(x.status, x.hidden_at)))
          order by act.starts_at desc nulls last, act.title), '[]'::jsonb) from act)),
    'trend', jsonb_build_object(
      'months', (select jsonb_agg(jsonb_build_object('month', to_char(months.m, 'YYYY-MM'),
          'reported', coalesce(trend.reported, 0), 'resolved', coalesce(trend.resolved, 0))
          order by months.m) from months left join trend on trend.month = months.m),
      'quarters', (select jsonb_agg(jsonb_build_object(
          'quarter', to_char(quarters.q, 'YYYY') || '-Q' || to_char(quarters.q, 'Q'),
          'done', (select count(*) from act where act.status = 'held'
            and date_trunc('quarter', act.starts_at) = quarters.q))
          order by quarters.q) from quarters)),
    -- The static map: SVG coordinates in metres (EPSG:2180) from the top-left of the area's
    -- bounding box, y down, so the page and the PDF draw the same geometry.
    'map', case when v_area is not null then jsonb_build_object(
      'width', round((extensions.st_xmax(v_box) - extensions.st_xmin(v_box))::numeric),
      'height', round((extensions.st_ymax(v_box) - extensions.st_ymin(v_box))::numeric),
      'outline', extensions.st_assvg(extensions.st_translate(v_area,
        -extensions.st_xmin(v_box), -extensions.st_ymax(v_box)), 0, 0),
      'resources', (select coalesce(jsonb_agg(jsonb_build_array(
          round((extensions.st_x(res.g) - extensions.st_xmin(v_box))::numeric),
          round((extensions.st_ymax(v_box) - extensions.st_y(res.g))::numeric), res.category)
          order by res.id), '[]'::jsonb) from res where res.inside),
      -- Up to 2,000 needs each is a point; beyond, they are counted on a grid of at most 64 × 64
      -- cells (need_grid: the cell size and [x, y, count] of each occupied cell's centre), so the
      -- page and the PDF stay small at any number of needs. The grid's cell is a multiple of the
      -- tallies' fixed 100 m cells, aligned with them, so it sums those cells exactly.
      'needs', case when v_total <= 2000 then (
          select coalesce(jsonb_agg(jsonb_build_array(
            round((extensions.st_x(p.g) - extensions.st_xmin(v_box))::numeric),
            round((extensions.st_ymax(v_box) - extensions.st_y(p.g))::numeric), p.category)
            order by p.id), '[]'::jsonb)
          from (select x.id, x.category, extensions.st_transform(x.point, 2180) as g
            from public.needs x
            where x.locality_id = any (v_ids) and private.is_public_need(x.status, x.hidden_at)) p)
        else '[]'::jsonb end,
      'need_grid', case when v_total > 2000 then (
          select jsonb_build_object('cell', v_grid,
            'cells', jsonb_agg(jsonb_build_array(
              round(((t.i + 0.5) * v_grid - extensions.st_xmin(v_box))::numeric),
              round((extensions.st_ymax(v_box) - (t.j + 0.5) * v_grid)::numeric), t.k)
              order by t.j desc, t.i))
          from (select floor(c.cx * 100.0 / v_grid) as i, floor(c.cy * 100.0 / v_grid) as j,
              sum(c.needs) as k
            from public.locality_need_cells c where c.locality_id = any (v_ids)
            group by 1, 2 having sum(c.needs) > 0) t) end) end
  ) into v_doc;

  return jsonb_build_object(
    'scope', jsonb_build_object('kind', p_scope_kind, 'slug', v_scope, 'name', v_name,
      'address_points', (select count(*) from public.address_points a where a.locality_id = any (v_ids)),
      'villages', (select coalesce(jsonb_agg(jsonb_build_object('name', l.name, 'slug', l.slug)
        order by private.sort_key_pl(l.name), l.slug), '[]'::jsonb) from public.localities l where l.id = any (v_ids))),
    'generated_at', now(),
    'totals', private.diagnosis_totals(v_ids),
    'gmina', case when p_scope_kind <> 'gmina' then (
      select jsonb_build_object('name', r.name) || private.diagnosis_totals(coalesce(
        (select array_agg(l.id) from public.localities l where l.region_id = r.id), '{}'))
      from public.regions r where r.slug = p_region) end,
    'narrative', (select jsonb_build_object('body', d.body, 'status', d.status,
        'published_at', d.published_at, 'updated_at', d.updated_at)
      from public.diagnoses d join public.regions r on r.id = d.region_id
      where r.slug = p_region and d.scope = v_scope)
  ) || v_doc;
end
$$;

-- The geometry of a diagnosis for the GeoJSON export: the area outline and the public points
-- (published resources, public needs) located in it, in WGS84. Null for an unknown slug. The
-- needs come one page at a time, in reference order from after p_after (keyset paging, as
-- public.needs_geojson): at most p_limit (1 to 10,000) of them, and "next_after" (the last one's
-- reference) when more follow, so the gmina's export never carries every need in one answer.
-- The area and the resources come with the first page only (p_after null).
create or replace function public.diagnosis_features(p_region text, p_scope_kind text, p_slug text,
  p_limit integer default 1000, p_after text default null)
returns jsonb language plpgsql stable set search_path = '' as $$
declare
  v_ids bigint[];
  v_area extensions.geometry;
  v_needs jsonb;
  v_next text;
begin
  -- The page size checked as every paged GeoJSON's (1 to 10,000; else 22023, a 400).
  perform private.geojson_page_box(null, p_limit);
  select s.ids, s.area into v_ids, v_area from private.diagnosis_scope(p_region, p_scope_kind, p_slug) s;
  if not found then
    return null;
  end if;
  -- The scope's localities as a value, so the plan fits the scope: the reference index for the
  -- gmina, the village's own needs for a village.
  select coalesce(jsonb_agg(jsonb_build_object('ref', x.ref, 'title', x.title,
      'category', x.category, 'status', x.status, 'support_count', x.support_count,
      'lon', round(extensions.st_x(x.point)::numeric, 6),
      'lat', round(extensions.st_y(x.point)::numeric, 6)) order by x.ref)
      filter (where x.rn <= p_limit), '[]'::jsonb),
    max(x.ref) filter (where x.rn = p_limit and x.total > p_limit)
  into v_needs, v_next
  from (
    select y.*, row_number() over (order by y.ref) as rn, count(*) over () as total
    from (
      select n.ref, n.title, n.category, n.status, n.support_count, n.point
      from public.needs n where n.locality_id = any (v_ids)
        and private.is_public_need(n.status, n.hidden_at)
        and (p_after is null or n.ref > p_after)
      order by n.ref
      limit p_limit + 1
    ) y
  ) x;
  return jsonb_build_object(
    'area', case when p_after is null then private.geojson_geometry(v_area)::jsonb end,
    'resources', case when p_after is null then (select coalesce(jsonb_agg(jsonb_build_object('name', x.name,
        'category', x.category, 'lon', round(extensions.st_x(x.point)::numeric, 6),
        'lat', round(extensions.st_y(x.point)::numeric, 6)) order by x.category, private.sort_key_pl(x.name)), '[]'::jsonb)
      from public.resources x where x.locality_id = any (v_ids) and x.status = 'published')
      else '[]'::jsonb end,
    'needs', v_needs,
    'next_after', v_next);
end
$$;

-- The index of /diagnoza: the gmina, its sołectwa and villages, with the narrative status that
-- the caller may see (RLS: drafts only for staff).
create or replace function public.diagnosis_scopes(p_region text)
returns jsonb language sql stable set search_path = '' as $$
  select jsonb_build_object(
    'gmina', jsonb_build_object('slug', 'gmina', 'name', r.name,
      'status', (select d.status from public.diagnoses d where d.region_id = r.id and d.scope = 'gmina')),
    'solectwa', (select coalesce(jsonb_agg(jsonb_build_object('slug', 'solectwo-' || s.slug,
        'name', s.name, 'status', d.status) order by private.sort_key_pl(s.name), s.slug), '[]'::jsonb)
      from public.solectwa s left join public.diagnoses d
        on d.region_id = r.id and d.scope = 'solectwo-' || s.slug
      where s.region_id = r.id),
    'villages', (select coalesce(jsonb_agg(jsonb_build_object('slug', l.slug, 'name', l.name,
        'status', d.status) order by private.sort_key_pl(l.name), l.slug), '[]'::jsonb)
      from public.localities l left join public.diagnoses d
        on d.region_id = r.id and d.scope = l.slug
      where l.region_id = r.id))
  from public.regions r where r.slug = p_region
$$;

-- The panel's editor: saves the narrative of a scope (creating the row as a draft) and, when
-- p_status is given, publishes ('published') or withdraws ('draft') it. RLS refuses non-editors.
-- It names the columns it returns: `returning *` would need SELECT on updated_by, which the
-- role authenticated does not hold.
create or replace function public.save_diagnosis(p_region text, p_scope text, p_body text, p_status text)
returns jsonb language plpgsql volatile set search_path = '' as $$
declare
  v_region bigint;
  v_scope text;
  v_status text;
  v_published_at timestamptz;
  v_updated_at timestamptz;
begin
  if p_status is not null and p_status not in ('draft', 'published') then
    raise exception using errcode = '22023', message = 'unknown status';
  end if;
  v_region := private.region_id(p_region);
  insert into public.diagnoses as d (region_id, scope, body, status, published_at, updated_by)
  values (v_region, p_scope, coalesce(p_body, ''), coalesce(p_status, 'draft'),
    case when p_status = 'published' then now() end, auth.uid())
  on conflict (region_id, scope) do update set
    body = coalesce(p_body, d.body),
    status = coalesce(p_status, d.status),
    published_at = case when coalesce(p_status, d.status) = 'draft' then null
      when p_status = 'published' then now() else d.published_at end,
    updated_by = auth.uid()
  returning d.scope, d.status, d.published_at, d.updated_at
  into v_scope, v_status, v_published_at, v_updated_at;
  return jsonb_build_object('scope', v_scope, 'status', v_status,
    'published_at', v_published_at, 'updated_at', v_updated_at);
end
$$;

select private.grant_execute('anon, authenticated, service_role',
  'public.save_diagnosis(text,text,text,text)', 'private.diagnosis_scope(text,text,text)',
  'private.diagnosis_totals(bigint[])', 'public.diagnosis(text,text,text)',
  'public.diagnosis_scopes(text)', 'public.diagnosis_features(text,text,text,integer,text)');

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.diagnosis_scope(text,text,text) is 'The localities, name and outline of a diagnosis scope.';
comment on function private.diagnosis_totals(bigint[]) is 'Public totals of a set of localities for the diagnosis.';
comment on function public.diagnosis(text,text,text) is 'The community diagnosis of a scope as one document.';
comment on function public.diagnosis_features(text,text,text,integer,text) is 'The outline and public points of a diagnosis scope, for GeoJSON export; needs in pages (keyset on ref).';
comment on function public.diagnosis_scopes(text) is 'The gmina, sołectwa and villages with the status of their diagnosis narrative.';
comment on function public.save_diagnosis(text,text,text,text) is 'Saves, publishes or withdraws the narrative of a diagnosis scope (RLS: editors).';
