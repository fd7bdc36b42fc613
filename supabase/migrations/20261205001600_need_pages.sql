-- Public need pages (/potrzeby/<ref>), their share image and the sitemap.
--
-- The page is read under RLS (SECURITY INVOKER): anon sees a need only while it is public
-- (needs_read_anon), its photo only when not hidden (need_photos_read_anon) and only the public
-- events of a public need (need_events_read_anon). The function also checks publicness itself, so
-- staff, whose policies show more, get the same public page as everyone else. The only
-- SECURITY DEFINER reader here is the merge redirect, which returns nothing but the reference of
-- the public need a merged one now lives in.

-- Anon already reads only public events (need_events_read_anon); the column lets the page
-- function ask for public events under every role, staff included, with one query.
grant select (is_public) on public.need_events to anon;

-- One public need as its page shows it, by reference; null when it is not public (or RLS hides
-- it). `map` is the need's village (or, without a drawn village area, the gmina) as SVG in
-- metres (EPSG:2180) from the top-left of its bounding box, y down, with the need's point in the
-- same coordinates, as the diagnosis map draws it.
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
      from (select o.ref, o.title, o.kind, o.status, o.support_count,
          round(extensions.st_distance(o.point::extensions.geography,
            n.point::extensions.geography))::integer as distance_m
        from public.needs o
        where o.region_id = n.region_id and o.id <> n.id
          and private.is_public_need(o.status, o.hidden_at)
          and extensions.st_dwithin(o.point::extensions.geography, n.point::extensions.geography, 3000)
        order by distance_m, o.ref
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

-- Where a merged need went: the reference of the public need at the end of its merge chain
-- (a kept need may itself be merged later), or null when there is none. SECURITY DEFINER because
-- merged needs are not public; it reveals only a reference anyone can already open.
create or replace function private.merged_need_ref(p_region text, p_ref text)
returns text language sql stable security definer set search_path = '' as $$
  with recursive chain (id, merged_into, status, hidden_at, ref, depth) as (
    select n.id, n.merged_into, n.status, n.hidden_at, n.ref, 0
    from public.needs n join public.regions r on r.id = n.region_id
    where r.slug = p_region and n.ref = upper(p_ref) and n.status = 'merged'
    union all
    select m.id, m.merged_into, m.status, m.hidden_at, m.ref, c.depth + 1
    from chain c join public.needs m on m.id = c.merged_into
    where c.status = 'merged' and c.depth < 10
  )
  select c.ref from chain c
  where c.depth > 0 and private.is_public_need(c.status, c.hidden_at)
  order by c.depth limit 1
$$;

-- The public pages of a region for sitemap.xml: published activities, villages and sołectwa
-- (their diagnosis pages), and the number of public needs (their pages come in files of
-- public.sitemap_needs). Read under RLS, publicness checked here as well.
create or replace function public.sitemap_entries(p_region text)
returns json language sql stable set search_path = '' as $$
  select json_build_object(
    -- How many needs are public, from the per-village counts kept by a trigger (those outside
    -- every village counted here): it sizes the sitemap's files without reading every need.
    'needs_count', (select coalesce(sum(c.needs), 0)::integer
        from public.locality_need_counts c join public.localities l on l.id = c.locality_id
        join public.regions r on r.id = l.region_id where r.slug = p_region)
      + (select count(*)::integer from public.needs n join public.regions r on r.id = n.region_id
        where r.slug = p_region and n.locality_id is null
          and private.is_public_need(n.status, n.hidden_at)),
    'activities', coalesce((select json_agg(json_build_object('id', a.id) order by a.id)
      from public.activities a join public.regions r on r.id = a.region_id
      where r.slug = p_region and a.published), '[]'::json),
    'villages', coalesce((select json_agg(l.slug order by l.slug)
      from public.localities l join public.regions r on r.id = l.region_id
      where r.slug = p_region), '[]'::json),
    'solectwa', coalesce((select json_agg(s.slug order by s.slug)
      from public.solectwa s join public.regions r on r.id = s.region_id
      where r.slug = p_region), '[]'::json)
  )
$$;


select private.grant_execute('anon, authenticated, service_role',
  'public.need_page(text,text)', 'public.sitemap_entries(text)',
  'private.merged_need_ref(text,text)');

comment on function public.need_page(text,text) is 'One public need as its public page shows it (RLS applies); null when not public.';
comment on function private.merged_need_ref(text,text) is 'The reference of the public need a merged need was merged into, for a redirect.';
comment on function public.sitemap_entries(text) is 'The public pages of a region for sitemap.xml, and how many public needs it lists (public.sitemap_needs).';
