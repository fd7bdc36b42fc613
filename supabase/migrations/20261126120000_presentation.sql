-- Presentation mode: one call gives every village of the region with the
-- figures of the choropleth and the contents of its card. SECURITY INVOKER, but it filters to
-- what the public sees whoever calls it (public needs, published resources and activities):
-- a projected slide must look the same for a councillor signed in and for the audience.
-- Exact counts leave the server only for staff; the small-count suppression ("<3") is applied in
-- src/lib/server/presentation/data.ts, before anything is serialised for a public client.
create or replace function public.presentation_villages(p_region text, p_category text, p_max_m integer)
returns json
language plpgsql stable
set search_path = ''
as $$
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
  pn as (
    select n.locality_id, n.title, n.category, n.status, n.support_count, n.created_at
    from public.needs n join ls on ls.id = n.locality_id
    where private.is_public_need(n.status, n.hidden_at)
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
    'solectwo', (
      select string_agg(s.name, ', ' order by s.name)
      from public.solectwo_localities sl join public.solectwa s on s.id = sl.solectwo_id
      where sl.locality_id = ls.id),
    'address_points', coalesce(cov.address_points, 0),
    'needs', (select count(*) from pn where pn.locality_id = ls.id),
    'supports', (select coalesce(sum(pn.support_count), 0) from pn where pn.locality_id = ls.id),
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
          'names', (select json_agg(pr.name order by pr.name) from pr
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
        select pn.* from pn where pn.locality_id = ls.id and pn.status <> 'zrealizowane'
        order by pn.support_count desc, pn.created_at, pn.title limit 3
      ) t join public.need_categories c on c.slug = t.category),
    'activities', (
      select coalesce(json_agg(json_build_object('title', a.title,
          'date', to_char(private.local_time(a.starts_at), 'YYYY-MM-DD'))
        order by a.starts_at nulls last, a.title), '[]'::json)
      from public.activities a
      where a.published and a.status in ('planowane', 'potwierdzone')
        and (a.locality_id = ls.id or exists (select 1 from public.activity_localities al
          where al.activity_id = a.id and al.locality_id = ls.id)))
  ) order by ls.name, ls.slug), '[]'::json)
  from ls left join cov on cov.locality_id = ls.id);
end
$$;

revoke all on function public.presentation_villages(text, text, integer) from public;
grant execute on function public.presentation_villages(text, text, integer)
  to anon, authenticated, service_role;
