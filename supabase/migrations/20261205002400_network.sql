-- The cooperation network (sieć współpracy) of /siec, /panel/siec and /api/network.json: the
-- partners (organisations, businesses, institutions from the resource register) linked through
-- the activities they ran together in one year, with the measures the community organizer
-- tracks. Nothing is stored: the figures come live from activities and activity_partners.

-- The network of a region in one calendar year (Warsaw time), optionally of one programme
-- category. An activity counts when it has a start in that year and is not cancelled; it is
-- left out unless published, and so is a partner whose resource is not published; with
-- p_with_drafts RLS alone decides (staff read unpublished activities and resources, anon and
-- residents never do). SECURITY INVOKER: every row
-- (activities, partners, resources, villages) is read under the caller's RLS, so a partner is a
-- resource the caller may see.
--
-- The answer:
--   partners   [{id, name, category, category_label, lon, lat, x, y, locality, villages,
--                activities, first_date, new}] — every partner of a counted activity of the year
--                (x, y: its place on the static map of public.villages_svg);
--   edges      [{a, b, count, activities: [{id, title, date, published}]}] — each pair of
--                partners (a's name sorts first) that ran a counted activity together, most
--                joint activities first;
--   activities [{id, title, date, programme_category, kind, published, partners}] — the
--                counted activities of the year that have a partner;
--   measures   {partners, joint_activities, new_partners, quarters: [q1..q4],
--                villages_without: [{slug, name}], villages_total};
--   years      the years (newest first) in which some counted activity has a partner.
-- A partner is new in the year of its first counted activity (of the category, if one is given).
-- A village is without partner activity when no counted activity of the year with a partner
-- serves it (main village or activity_localities).
create or replace function public.cooperation_network(p_region text, p_year integer,
  p_category text, p_with_drafts boolean)
returns jsonb language plpgsql stable set search_path = '' as $$
declare
  v_region bigint;
begin
  select r.id into v_region from public.regions r where r.slug = p_region;
  if v_region is null then
    raise exception using errcode = '22023', message = format('unknown region: %s', p_region);
  end if;
  if p_year is null or p_year not between 2000 and 2100 then
    raise exception using errcode = '22023', message = 'year must be from 2000 to 2100';
  end if;
  if p_category is not null and p_category not in (
      'community_animation', 'community_education', 'civic_activation') then
    raise exception using errcode = '22023', message = format('unknown category: %s', p_category);
  end if;
  return (
    with acts as (
      select a.id, a.title, a.programme_category, a.kind, a.published, a.locality_id,
        private.local_time(a.starts_at) as local_start
      from public.activities a
      where a.region_id = v_region and a.starts_at is not null and a.status <> 'cancelled'
        and (a.published or coalesce(p_with_drafts, false))
        and (p_category is null or a.programme_category = p_category)
    ),
    links as (
      select ap.activity_id, ap.resource_id as partner_id, private.sort_key_pl(r.name) as sort_key,
        acts.local_start
      from public.activity_partners ap
      join acts on acts.id = ap.activity_id
      join public.resources r on r.id = ap.resource_id
      -- The public view is the same for everyone: published partners only, even for staff
      -- (whom RLS also shows drafts); archived ones stay out of it as the public map leaves them.
      where r.status = 'published' or coalesce(p_with_drafts, false)
    ),
    firsts as (
      select l.partner_id, min(l.local_start) as first_start from links l group by l.partner_id
    ),
    year_acts as (
      select acts.* from acts
      where extract(year from acts.local_start) = p_year
        and exists (select 1 from links l where l.activity_id = acts.id)
    ),
    year_links as (
      select l.activity_id, l.partner_id, l.sort_key,
        extract(quarter from l.local_start)::integer as quarter
      from links l join year_acts y on y.id = l.activity_id
    ),
    -- The villages each counted activity serves: its main village and its further ones.
    served as (
      select y.id as activity_id, y.locality_id from year_acts y where y.locality_id is not null
      union
      select al.activity_id, al.locality_id
      from public.activity_localities al join year_acts y on y.id = al.activity_id
    ),
    -- The frame of public.villages_svg (EPSG:2180 metres from the region's top-left corner, 1000
    -- units on the longer side, y down), so the static network map puts partners where that map
    -- draws the villages.
    frame as (
      select extensions.st_xmin(b.g) as x0, extensions.st_ymax(b.g) as y0,
        1000 / greatest(extensions.st_xmax(b.g) - extensions.st_xmin(b.g),
          extensions.st_ymax(b.g) - extensions.st_ymin(b.g), 1) as k
      from public.regions rg
      cross join lateral (select extensions.st_transform(rg.boundary, 2180) as g) b
      where rg.id = v_region
    ),
    partners as (
      select r.id, r.name, r.category, c.label_pl as category_label,
        round(extensions.st_x(r.point)::numeric, 6) as lon,
        round(extensions.st_y(r.point)::numeric, 6) as lat,
        round(((extensions.st_x(pt.g) - fr.x0) * fr.k)::numeric, 1) as x,
        round(((fr.y0 - extensions.st_y(pt.g)) * fr.k)::numeric, 1) as y,
        (select jsonb_build_object('slug', l.slug, 'name', l.name)
          from public.localities l where l.id = r.locality_id) as locality,
        coalesce((select jsonb_agg(jsonb_build_object('slug', l.slug, 'name', l.name)
            order by private.sort_key_pl(l.name))
          from public.localities l where l.id in (select s.locality_id from served s
            join year_links yl on yl.activity_id = s.activity_id where yl.partner_id = r.id)),
          '[]'::jsonb) as villages,
        (select count(*) from year_links yl where yl.partner_id = r.id) as activities,
        f.first_start
      from public.resources r
      join public.resource_categories c on c.slug = r.category
      join firsts f on f.partner_id = r.id
      cross join frame fr
      cross join lateral (select extensions.st_transform(r.point, 2180) as g) pt
      where r.id in (select yl.partner_id from year_links yl)
    ),
    -- Each pair once, the partner whose name sorts first as a.
    pairs as (
      select x.partner_id as a, z.partner_id as b, x.activity_id
      from year_links x join year_links z on z.activity_id = x.activity_id
        and (x.sort_key, x.partner_id) < (z.sort_key, z.partner_id)
    ),
    edges as (
      select p.a, p.b, count(*) as n,
        jsonb_agg(jsonb_build_object('id', y.id, 'title', y.title,
          'date', to_char(y.local_start, 'YYYY-MM-DD'), 'published', y.published)
          order by y.local_start, y.title) as activities
      from pairs p join year_acts y on y.id = p.activity_id
      group by p.a, p.b
    )
    select jsonb_build_object(
      'year', p_year,
      'category', p_category,
      'with_drafts', coalesce(p_with_drafts, false),
      'partners', coalesce((select jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name,
          'category', p.category, 'category_label', p.category_label, 'lon', p.lon, 'lat', p.lat,
          'x', p.x, 'y', p.y,
          'locality', p.locality, 'villages', p.villages, 'activities', p.activities,
          'first_date', to_char(p.first_start, 'YYYY-MM-DD'),
          'new', extract(year from p.first_start) = p_year)
        order by private.sort_key_pl(p.name), p.id) from partners p), '[]'::jsonb),
      'edges', coalesce((select jsonb_agg(jsonb_build_object('a', e.a, 'b', e.b, 'count', e.n,
          'activities', e.activities)
        order by e.n desc, private.sort_key_pl(pa.name), private.sort_key_pl(pb.name), e.a, e.b)
        from edges e join partners pa on pa.id = e.a join partners pb on pb.id = e.b), '[]'::jsonb),
      'activities', coalesce((select jsonb_agg(jsonb_build_object('id', y.id, 'title', y.title,
          'date', to_char(y.local_start, 'YYYY-MM-DD'), 'programme_category', y.programme_category,
          'kind', y.kind, 'published', y.published,
          'partners', (select jsonb_agg(yl.partner_id order by yl.partner_id)
            from year_links yl where yl.activity_id = y.id))
        order by y.local_start, y.title) from year_acts y), '[]'::jsonb),
      'measures', jsonb_build_object(
        'partners', (select count(*) from partners),
        'joint_activities', (select count(*) from year_acts y
          where (select count(*) from year_links yl where yl.activity_id = y.id) >= 2),
        'new_partners', (select count(*) from partners p
          where extract(year from p.first_start) = p_year),
        'quarters', (select jsonb_agg((select count(distinct yl.partner_id) from year_links yl
            where yl.quarter = q) order by q) from generate_series(1, 4) q),
        'villages_total', (select count(*) from public.localities l where l.region_id = v_region),
        'villages_without', coalesce((select jsonb_agg(jsonb_build_object('slug', l.slug,
            'name', l.name) order by private.sort_key_pl(l.name))
          from public.localities l where l.region_id = v_region
            and l.id not in (select s.locality_id from served s)), '[]'::jsonb)),
      'years', coalesce((select jsonb_agg(x.y order by x.y desc) from (
          select distinct extract(year from l.local_start)::integer as y from links l) x), '[]'::jsonb)
    )
  );
end
$$;

select private.grant_execute('anon, authenticated, service_role',
  'public.cooperation_network(text,integer,text,boolean)');

comment on function public.cooperation_network(text,integer,text,boolean) is 'The cooperation network of a region in a year: partners of activities, pairs that ran activities together, and measures (partners per quarter, joint and new partners, villages without partner activity), under RLS.';
