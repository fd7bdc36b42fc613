-- Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): the public needs as service
-- requests. Runs as the caller, so RLS and private.is_public_need decide what is listed, exactly
-- as for /api/needs.geojson; writes go through private.submit_need like every other report.

-- Public needs as GeoReport v2 requests, newest first. `p_refs` (the spec's service_request_id
-- list) wins over every other filter. `open311_status` maps the workflow to the spec's two
-- states: 'done' is closed, every other public status is open. An unknown service code is
-- SQLSTATE 22023, which the API answers with 400.
create or replace function public.open311_requests(p_region text, p_refs text[], p_codes text[],
  p_statuses text[], p_start timestamptz, p_end timestamptz, p_limit integer)
returns json language plpgsql stable set search_path = '' as $$
begin
  perform private.check_filters(p_region, 'need', c, null) from unnest(p_codes) c;
  return (select coalesce(json_agg(json_build_object(
      'ref', x.ref,
      'status', x.status,
      'open311_status', case when x.status = 'done' then 'closed' else 'open' end,
      'category', x.category,
      'category_label', c.label_pl,
      'title', x.title,
      'description', x.description,
      'created_at', x.created_at,
      'updated_at', x.updated_at,
      'lon', round(extensions.st_x(x.point)::numeric, 6),
      'lat', round(extensions.st_y(x.point)::numeric, 6),
      'locality', l.name,
      'locality_slug', l.slug,
      'agency', r.name,
      'photo', (select ph.storage_key from public.need_photos ph
        where ph.need_id = x.id and not ph.hidden))
    order by x.created_at desc, x.ref desc), '[]'::json)
  -- Only the columns anon may read (column grants): never n.*.
  from (select n.id, n.ref, n.region_id, n.status, n.category, n.title, n.description,
      n.created_at, n.updated_at, n.point, n.locality_id
    from public.needs n
    join public.regions rr on rr.id = n.region_id
    where rr.slug = p_region
      and private.is_public_need(n.status, n.hidden_at)
      and (case when p_refs is not null then n.ref = any(p_refs)
        else (p_codes is null or n.category = any(p_codes))
          and (p_statuses is null
            or (case when n.status = 'done' then 'closed' else 'open' end) = any(p_statuses))
          and (p_start is null or n.created_at >= p_start)
          and (p_end is null or n.created_at <= p_end) end)
    order by n.created_at desc, n.ref desc
    limit p_limit) x
  join public.regions r on r.id = x.region_id
  join public.need_categories c on c.slug = x.category
  left join public.localities l on l.id = x.locality_id);
end
$$;

select private.grant_execute('anon, authenticated, service_role',
  'public.open311_requests(text,text[],text[],text[],timestamp with time zone,timestamp with time zone,integer)');

comment on function public.open311_requests(text,text[],text[],text[],timestamp with time zone,timestamp with time zone,integer) is 'Public needs as Open311 GeoReport v2 service requests (newest first), under RLS.';
