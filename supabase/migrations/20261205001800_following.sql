-- Following: Atom feeds of public needs and activities, "Obserwuj" on a need (status changes and
-- official replies by e-mail) and a daily digest of one village or the whole gmina. Every
-- subscription is confirmed by a signed link (double opt-in) and every message goes through
-- public.mail_outbox and the server's mailer, with the RFC 8058 one-click unsubscribe.

-- ---------------------------------------------------------------------------------------------
-- Atom feeds (/potrzeby.atom, /dzialania.atom): the newest public entries first. SECURITY INVOKER
-- and an explicit public filter, so a signed-in organizer's feed holds no more than anon's.

create or replace function public.needs_feed(p_region text, p_village text, p_limit integer)
returns json language plpgsql stable set search_path = '' as $$
begin
  perform private.check_filters(p_region, 'need', null, p_village);
  return json_build_object('village', (
    select l.name from public.localities l join public.regions r on r.id = l.region_id
    where r.slug = p_region and l.slug = p_village), 'entries', (
    select coalesce(json_agg(json_build_object(
      'id', x.id, 'ref', x.ref, 'kind', x.kind, 'title', x.title, 'description', x.description,
      'status', x.status, 'category', x.category, 'label_pl', x.label_pl,
      'label_en', x.label_en, 'locality', x.locality, 'locality_slug', x.locality_slug,
      'created_at', x.created_at, 'updated_at', x.updated_at)
    order by x.updated_at desc, x.ref desc), '[]'::json)
  from (
    select n.id, n.ref, n.kind, n.title, n.description, n.status, n.category, c.label_pl,
      c.label_en, l.name as locality, l.slug as locality_slug, n.created_at, n.updated_at
    from public.needs n
    join public.regions r on r.id = n.region_id
    join public.need_categories c on c.slug = n.category
    left join public.localities l on l.id = n.locality_id
    where r.slug = p_region and n.ref is not null
      and private.is_public_need(n.status, n.hidden_at)
      and (p_village is null or l.slug = p_village)
    order by n.updated_at desc, n.ref desc
    limit least(greatest(coalesce(p_limit, 50), 1), 200)
  ) x));
end
$$;

create or replace function public.activities_feed(p_region text, p_village text, p_limit integer)
returns json language plpgsql stable set search_path = '' as $$
begin
  perform private.check_filters(p_region, 'activity', null, p_village);
  return json_build_object('village', (
    select l.name from public.localities l join public.regions r on r.id = l.region_id
    where r.slug = p_region and l.slug = p_village), 'entries', (
    select coalesce(json_agg(json_build_object(
      'id', x.id, 'title', x.title, 'description', x.description, 'status', x.status,
      'kind', x.kind, 'starts_at', x.starts_at, 'locality', x.locality,
      'created_at', x.created_at, 'updated_at', x.updated_at)
    order by x.updated_at desc, x.id), '[]'::json)
  from (
    select a.id, a.title, a.description, a.status, a.kind, a.starts_at, l.name as locality,
      a.created_at, a.updated_at
    from public.activities a
    join public.regions rg on rg.id = a.region_id
    left join public.localities l on l.id = a.locality_id
    where rg.slug = p_region and a.published
      and (p_village is null or exists (
        select 1 from public.localities v
        where v.slug = p_village and v.region_id = rg.id
          and private.activity_serves(a.id, a.locality_id, array[v.id])))
    order by a.updated_at desc, a.id
    limit least(greatest(coalesce(p_limit, 50), 1), 200)
  ) x));
end
$$;

select private.grant_execute('anon, authenticated, service_role',
  'public.needs_feed(text,text,integer)', 'public.activities_feed(text,text,integer)');

comment on function public.needs_feed(text,text,integer) is 'Public needs and ideas of a region (optionally one village), newest change first, for the Atom feed.';
comment on function public.activities_feed(text,text,integer) is 'Published activities of a region (optionally one village), newest change first, for the Atom feed.';
