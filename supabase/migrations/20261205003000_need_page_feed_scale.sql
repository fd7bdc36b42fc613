-- Need pages and the needs' Atom feed at any number of needs.
--
-- - public.need_page (…_need_pages.sql), restated: its "nearby" list computed the distance to
--   every public need within 3 km and sorted them (2.5 s at a million needs, where 3 km hold
--   most of a gmina). It now takes the 50 nearest on the map's plane from the spatial index
--   (a nearest-neighbour scan, which RLS allows: ordering by <-> is not a filter) and keeps the
--   five nearest of them within 3 km by true distance. In degrees a step east is shorter than
--   one north (by cos 52° here), so the 50 nearest on the plane hold the 5 nearest on the
--   ground unless needs crowd into a thin band: a page's short list, not a survey.
-- - public.needs_feed (…_following.sql), restated: it read and sorted every public need for the
--   50 latest changes (3.2 s at a million). It now walks needs_feed_idx in order, the region's
--   id looked up first so the planner can.

create or replace function public.need_page(p_region text, p_ref text)
returns json language sql stable set search_path = '' as $$
  with n as (
    select n.id, n.ref, n.region_id, n.kind, n.category, n.title, n.description, n.status,
      n.support_count, n.created_at, n.updated_at, n.is_demo, n.point, c.label_pl as category_label, l.name as locality_name, l.slug as locality_slug,
      extensions.st_transform(coalesce(l.area, r.boundary), 2180) as shape,
      extensions.st_transform(n.point, 2180) as here
    from public.needs n
    join public.regions r on r.id = n.region_id
    join public.need_categories c on c.slug = n.category
    left join public.localities l on l.id = n.locality_id
    where r.slug = p_region and n.ref = upper(p_ref)
      and private.is_public_need(n.status, n.hidden_at)
  )
  select json_build_object(
    'id', n.id, 'ref', n.ref, 'kind', n.kind, 'category', n.category,
    'category_label', n.category_label, 'title', n.title, 'description', n.description,
    'status', n.status, 'support_count', n.support_count, 'created_at', n.created_at,
    'updated_at', n.updated_at, 'is_demo', n.is_demo,
    'lon', round(extensions.st_x(n.point)::numeric, 6),
    'lat', round(extensions.st_y(n.point)::numeric, 6),
    'locality', case when n.locality_slug is not null
      then json_build_object('name', n.locality_name, 'slug', n.locality_slug) end,
    'photo', (select json_build_object('storage_key', ph.storage_key, 'width', ph.width,
        'height', ph.height)
      from public.need_photos ph where ph.need_id = n.id and not ph.hidden),
    'timeline', coalesce((select json_agg(json_build_object('status', e.status, 'note', e.note,
        'at', e.created_at) order by e.created_at, e.id)
      from public.need_events e where e.need_id = n.id and e.is_public), '[]'::json),
    'activities', coalesce((select json_agg(json_build_object('id', a.id, 'title', a.title,
        'status', a.status, 'starts_at', a.starts_at) order by a.starts_at desc nulls last, a.title)
      from public.activity_needs an join public.activities a on a.id = an.activity_id
      where an.need_id = n.id and a.published), '[]'::json),
    'nearby', coalesce((select json_agg(json_build_object('ref', x.ref, 'title', x.title,
        'kind', x.kind, 'status', x.status, 'support_count', x.support_count,
        'distance_m', x.distance_m) order by x.distance_m, x.ref)
      from (select k.ref, k.title, k.kind, k.status, k.support_count, k.distance_m
        from (select o.ref, o.title, o.kind, o.status, o.support_count,
            round(extensions.st_distance(o.point::extensions.geography,
              n.point::extensions.geography))::integer as distance_m
          from public.needs o
          where o.region_id = n.region_id and o.id <> n.id
            and private.is_public_need(o.status, o.hidden_at)
          order by o.point operator(extensions.<->) n.point
          limit 50) k
        where k.distance_m <= 3000
        order by k.distance_m, k.ref
        limit 5) x), '[]'::json),
    'map', case when n.shape is not null then (
      select json_build_object(
        'width', round((extensions.st_xmax(b.box) - extensions.st_xmin(b.box))::numeric),
        'height', round((extensions.st_ymax(b.box) - extensions.st_ymin(b.box))::numeric),
        'outline', extensions.st_assvg(extensions.st_translate(n.shape,
          -extensions.st_xmin(b.box), -extensions.st_ymax(b.box)), 0, 0),
        'point', json_build_array(
          round((extensions.st_x(n.here) - extensions.st_xmin(b.box))::numeric),
          round((extensions.st_ymax(b.box) - extensions.st_y(n.here))::numeric)))
      from (select extensions.st_envelope(extensions.st_collect(n.shape, n.here)) as box) b) end
  )
  from n
$$;

create or replace function public.needs_feed(p_region text, p_village text, p_limit integer)
returns json language sql stable set search_path = '' as $$
  select private.feed_json(p_region, 'need', p_village, (
    select json_agg(json_build_object(
      'id', x.id, 'ref', x.ref, 'kind', x.kind, 'title', x.title, 'description', x.description,
      'status', x.status, 'category', x.category, 'label_pl', x.label_pl,
      'label_en', x.label_en, 'locality', x.locality, 'locality_slug', x.locality_slug,
      'created_at', x.created_at, 'updated_at', x.updated_at)
    order by x.updated_at desc, x.ref desc)
  from (
    select n.id, n.ref, n.kind, n.title, n.description, n.status, n.category, c.label_pl,
      c.label_en, l.name as locality, l.slug as locality_slug, n.created_at, n.updated_at
    from public.needs n
    join public.need_categories c on c.slug = n.category
    left join public.localities l on l.id = n.locality_id
    where n.region_id = (select r.id from public.regions r where r.slug = p_region)
      and n.ref is not null
      and private.is_public_need(n.status, n.hidden_at)
      and (p_village is null or l.slug = p_village)
    order by n.updated_at desc, n.ref desc
    limit least(greatest(coalesce(p_limit, 50), 1), 200)
  ) x))
$$;

create index needs_feed_idx on public.needs (region_id, updated_at desc, ref desc)
  where status in ('published', 'in_analysis', 'planned', 'in_progress', 'done')
    and hidden_at is null and ref is not null;
