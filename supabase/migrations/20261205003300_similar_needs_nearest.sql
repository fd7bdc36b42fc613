-- The possible duplicates of a need, for the report form (public.similar_needs, …_needs.sql)
-- and for moderation (public.similar_needs_staff, …_moderation.sql), restated so that they cost
-- the same at any number of needs.
--
-- Its first list, the public needs of the same category within about 300 m, filtered the needs
-- by a bounding box with PostGIS's &&. That operator is not LEAKPROOF, so under RLS (anon) the
-- planner could not use the spatial index for it and read every public need of the category:
-- 0.8-1.3 s at a million needs. Like the second list, it now takes the nearest needs of the
-- category from the index (a nearest-neighbour scan, which RLS allows: ordering by <-> is not a
-- filter), at most 500, and keeps those within 300 m as before. A place with more than 500
-- public needs of one category within 300 m shows the nearest 500 of them as candidates.

create or replace function public.similar_needs(p_region text, p_lon double precision,
  p_lat double precision, p_category text, p_text text, p_limit integer)
returns json language sql stable set search_path = '' as $$
  with candidates as (
    select n.id, n.ref, n.title, n.category, n.support_count,
      round(extensions.st_distance(n.point::extensions.geography,
        extensions.st_setsrid(extensions.st_makepoint(p_lon, p_lat), 4326)::extensions.geography))::integer as distance_m,
      extensions.similarity(private.fold(n.title), private.fold(coalesce(p_text, ''))) as sim
    from public.needs n
    where n.id in (
      select z.id from (
        select x.id from public.needs x
        where x.region_id = (select r.id from public.regions r where r.slug = p_region)
          and private.is_public_need(x.status, x.hidden_at) and x.category = p_category
        order by x.point operator(extensions.<->) extensions.st_setsrid(extensions.st_makepoint(p_lon, p_lat), 4326)
        limit 500
      ) z
      union all
      select y.id from (
        select x.id from public.needs x
        where char_length(coalesce(p_text, '')) >= 4
          and x.region_id = (select r.id from public.regions r where r.slug = p_region)
          and private.is_public_need(x.status, x.hidden_at)
        order by x.point operator(extensions.<->) extensions.st_setsrid(extensions.st_makepoint(p_lon, p_lat), 4326)
        limit 1000
      ) y
    )
  )
  select coalesce(json_agg(json_build_object('id', c.id, 'ref', c.ref, 'title', c.title,
    'category', c.category, 'distance_m', c.distance_m, 'support_count', c.support_count)
    order by (c.category = p_category and c.distance_m <= 300) desc, c.sim desc, c.distance_m), '[]'::json)
  from (
    select * from candidates c
    where (c.category = p_category and c.distance_m <= 300)
       or (char_length(coalesce(p_text, '')) >= 4 and c.sim >= 0.3)
    order by (c.category = p_category and c.distance_m <= 300) desc, c.sim desc, c.distance_m
    limit least(greatest(coalesce(p_limit, 5), 1), 20)
  ) c
$$;

-- Moderation's list compared the need with every need of the region (32 s at a million). Its
-- candidates are now the 500 nearest of the need's category and the 1,000 nearest of any, from
-- the spatial index, as in the report form: a duplicate is near, or names the same thing near.
create or replace function public.similar_needs_staff(p_need uuid, p_limit integer)
returns json language sql stable set search_path = '' as $$
  with base as (
    select n.id, n.region_id, n.category, n.point as p, n.point::extensions.geography as g,
      private.fold(n.title) as t
    from public.needs n where n.id = p_need
  ),
  candidates as (
    select n.id, n.ref, n.title, n.category, n.status, n.support_count, n.hidden_at,
      round(extensions.st_distance(n.point::extensions.geography, b.g))::integer as distance_m,
      extensions.similarity(private.fold(n.title), b.t) as sim,
      n.category = b.category as same_category
    from public.needs n cross join base b
    where n.id in (
      select y.id from base b cross join lateral (
        select x.id from public.needs x
        where x.region_id = b.region_id and x.category = b.category
          and x.status not in ('merged', 'rejected')
        order by x.point operator(extensions.<->) b.p
        limit 500) y
      union all
      select y.id from base b cross join lateral (
        select x.id from public.needs x
        where x.region_id = b.region_id and x.status not in ('merged', 'rejected')
        order by x.point operator(extensions.<->) b.p
        limit 1000) y)
      and n.id <> b.id
  )
  select coalesce(json_agg(json_build_object('id', c.id, 'ref', c.ref, 'title', c.title,
    'category', c.category, 'status', c.status, 'support_count', c.support_count,
    'hidden', c.hidden_at is not null, 'distance_m', c.distance_m)
    order by (c.same_category and c.distance_m <= 500) desc, c.sim desc, c.distance_m), '[]'::json)
  from (
    select * from candidates c
    where (c.same_category and c.distance_m <= 500) or c.sim >= 0.3
    order by (c.same_category and c.distance_m <= 500) desc, c.sim desc, c.distance_m
    limit least(greatest(coalesce(p_limit, 8), 1), 30)
  ) c
$$;
