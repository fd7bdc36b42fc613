-- Read functions behind the public JSON API. SECURITY INVOKER: they run with
-- the caller's role, so RLS decides what they return, exactly as for direct table reads.
-- They return json so the server passes the text through without re-serialising.

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
    'area_km2', round((extensions.st_area(r.boundary::extensions.geography) / 1e6)::numeric, 2)
  )
  from public.regions r
  where r.slug = p_region
$$;

create or replace function public.region_geojson(p_region text)
returns json
language sql stable
set search_path = ''
as $$
  select json_build_object(
    'type', 'Feature',
    'geometry', extensions.st_asgeojson(r.boundary, 6)::json,
    'properties', json_build_object('slug', r.slug, 'name', r.name, 'teryt', r.teryt)
  )
  from public.regions r
  where r.slug = p_region
$$;

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
        'area_note', l.area_note)
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
    'needs', (select count(*) from public.needs x where x.locality_id = l.id and private.is_public_need_status(x.status)),
    'population', l.population,
    'population_year', l.population_year,
    'label_lon', round(extensions.st_x(l.point)::numeric, 6),
    'label_lat', round(extensions.st_y(l.point)::numeric, 6),
    'bbox', json_build_array(
      round(extensions.st_xmin(l.area)::numeric, 6), round(extensions.st_ymin(l.area)::numeric, 6),
      round(extensions.st_xmax(l.area)::numeric, 6), round(extensions.st_ymax(l.area)::numeric, 6))
  ) order by l.name), '[]'::json)
  from public.localities l
  join public.regions r on r.id = l.region_id
  where r.slug = p_region
$$;

-- Unknown filter values are the caller's mistake: SQLSTATE 22023 (invalid_parameter_value),
-- which the API turns into a 400 with this message, instead of an empty result that hides a typo.
create or replace function private.check_filters(p_region text, p_kind text, p_category text, p_village text)
returns void
language plpgsql stable
set search_path = ''
as $$
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
revoke all on function private.check_filters(text, text, text, text) from public;
grant execute on function private.check_filters(text, text, text, text) to anon, authenticated, service_role;

create or replace function public.resources_geojson(p_region text, p_category text, p_village text)
returns json
language plpgsql stable
set search_path = ''
as $$
begin
  perform private.check_filters(p_region, 'resource', p_category, p_village);
  return (select json_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(json_agg(json_build_object(
      'type', 'Feature',
      'geometry', extensions.st_asgeojson(x.point, 6)::json,
      'properties', json_build_object(
        'id', x.id,
        'name', x.name,
        'category', x.category,
        'category_label', c.label_pl,
        'description', x.description,
        'address', x.address,
        'locality', l.name,
        'locality_slug', l.slug,
        'demo', x.is_demo)
    ) order by x.name), '[]'::json)
  )
  from public.resources x
  join public.regions r on r.id = x.region_id
  join public.resource_categories c on c.slug = x.category
  left join public.localities l on l.id = x.locality_id
  where r.slug = p_region
    and x.status = 'published'
    and (p_category is null or x.category = p_category)
    and (p_village is null or l.slug = p_village));
end
$$;

create or replace function public.needs_geojson(p_region text, p_category text, p_village text, p_status text)
returns json
language plpgsql stable
set search_path = ''
as $$
begin
  perform private.check_filters(p_region, 'need', p_category, p_village);
  return (select json_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(json_agg(json_build_object(
      'type', 'Feature',
      'geometry', extensions.st_asgeojson(x.point, 6)::json,
      'properties', json_build_object(
        'id', x.id,
        'ref', x.ref,
        'kind', x.kind,
        'category', x.category,
        'category_label', c.label_pl,
        'title', x.title,
        'status', x.status,
        'support_count', x.support_count,
        'locality', l.name,
        'locality_slug', l.slug,
        'demo', x.is_demo)
    ) order by x.created_at desc), '[]'::json)
  )
  from public.needs x
  join public.regions r on r.id = x.region_id
  join public.need_categories c on c.slug = x.category
  left join public.localities l on l.id = x.locality_id
  where r.slug = p_region
    and private.is_public_need_status(x.status)
    and (p_category is null or x.category = p_category)
    and (p_village is null or l.slug = p_village)
    and (p_status is null or x.status = p_status));
end
$$;

-- Address search over the PRG register. Every query word must start a word of the address;
-- whole-word matches (house number "6" before "6A" and "16") and trigram similarity rank them.
create or replace function public.search_addresses(p_region text, p_query text, p_limit integer)
returns json
language sql stable
set search_path = ''
as $$
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
  hits as (
    select a.label, l.name as locality, a.street, a.housenumber, a.point, a.search_text,
      (select count(*) from unnest(q.words) w
        where (' ' || a.search_text || ' ') like ('% ' || w || ' %')) as whole_words,
      extensions.similarity(a.search_text, q.text) as sim
    from public.address_points a
    join public.localities l on l.id = a.locality_id
    join public.regions r on r.id = l.region_id
    cross join q
    where r.slug = p_region
      and cardinality(q.words) > 0
      and not exists (
        select 1 from unnest(q.words) w
        where (' ' || a.search_text) not like ('% ' || w || '%'))
    order by whole_words desc, sim desc, length(a.search_text), a.label
    limit least(greatest(coalesce(p_limit, 10), 1), 50)
  )
  select coalesce(json_agg(json_build_object(
    'label', h.label,
    'locality', h.locality,
    'street', h.street,
    'housenumber', h.housenumber,
    'lon', round(extensions.st_x(h.point)::numeric, 6),
    'lat', round(extensions.st_y(h.point)::numeric, 6)
  ) order by h.whole_words desc, h.sim desc, length(h.search_text), h.label), '[]'::json)
  from hits h
$$;

create or replace function public.categories()
returns json
language sql stable
set search_path = ''
as $$
  select json_build_object(
    'need', (select coalesce(json_agg(json_build_object(
      'slug', c.slug, 'label_pl', c.label_pl, 'label_en', c.label_en, 'color', c.color) order by c.sort, c.slug), '[]'::json)
      from public.need_categories c),
    'resource', (select coalesce(json_agg(json_build_object(
      'slug', c.slug, 'label_pl', c.label_pl, 'label_en', c.label_en, 'color', c.color) order by c.sort, c.slug), '[]'::json)
      from public.resource_categories c)
  )
$$;

-- Whether fictional demo data is loaded: the UI must then say so on every page.
create or replace function public.demo_data_present()
returns boolean
language sql stable
set search_path = ''
as $$
  select exists (select 1 from public.resources where is_demo)
      or exists (select 1 from public.needs where is_demo)
      or exists (select 1 from public.activities where is_demo)
$$;

revoke all on function public.region_summary(text), public.region_geojson(text),
  public.villages_geojson(text), public.village_summaries(text),
  public.resources_geojson(text, text, text), public.needs_geojson(text, text, text, text),
  public.search_addresses(text, text, integer), public.categories(), public.demo_data_present()
  from public;
grant execute on function public.region_summary(text), public.region_geojson(text),
  public.villages_geojson(text), public.village_summaries(text),
  public.resources_geojson(text, text, text), public.needs_geojson(text, text, text, text),
  public.search_addresses(text, text, integer), public.categories(), public.demo_data_present()
  to anon, authenticated, service_role;
