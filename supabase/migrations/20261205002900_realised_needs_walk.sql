-- The home page's recently realised needs (public.realised_needs, …_home.sql), restated so that
-- it reads about as many rows at a million needs as at a thousand.
--
-- The walk over public 'done' events joined the needs in one query; under RLS the planner
-- estimated that join at a row or two and chose to read every done need and sort their events
-- (0.15 s at 160,000 needs, growing with them). And it kept every need realised at the same
-- moment as the last one listed, to order them by reference: after a bulk import, whose events
-- share one time, that was every one of them. Now the walk reads the events alone, newest first
-- and the later-recorded first among equal times (need_events_public_done_idx, restated with
-- the id), looks each event's need up by its key, and stops at the p_limit-th need, whatever
-- the number of needs. Read under RLS (SECURITY INVOKER) as before: anon sees public needs and
-- the public events of public needs only.

drop index if exists public.need_events_public_done_idx;
create index need_events_public_done_idx on public.need_events (created_at desc, id desc)
  where status = 'done' and is_public;

create or replace function public.realised_needs(p_region text, p_kind text, p_category text,
  p_limit integer)
returns json language plpgsql stable set search_path = '' as $$
declare
  v_limit integer := least(greatest(coalesce(p_limit, 5), 1), 50);
  v_region bigint := (select g.id from public.regions g where g.slug = p_region);
  v_ids uuid[] := '{}';
  v_at timestamptz[] := '{}';
  r record;
  -- A bound cursor: PL/pgSQL plans it for its first rows (cursor_tuple_fraction), so it walks
  -- the index; a plain FOR over the query would be planned for every row, sorted.
  c_done cursor for
    select e.need_id, e.created_at
    from public.need_events e
    where e.status = 'done' and e.is_public
    order by e.created_at desc, e.id desc;
begin
  -- The first event met of a need is its latest, its realisation.
  for r in c_done loop
    exit when cardinality(v_ids) >= v_limit;
    continue when r.need_id = any (v_ids) or not exists (select 1 from public.needs n
      where n.id = r.need_id and n.region_id = v_region and n.status = 'done'
        and n.ref is not null and private.is_public_need(n.status, n.hidden_at)
        and (p_kind is null or n.kind = p_kind)
        and (p_category is null or n.category = p_category));
    v_ids := v_ids || r.need_id;
    v_at := v_at || r.created_at;
  end loop;
  return (
    select coalesce(json_agg(x.item order by x.pos, x.item ->> 'ref' desc), '[]'::json)
    from (
      select a.pos, json_build_object('ref', n.ref, 'kind', n.kind, 'title', n.title,
        'category', n.category, 'category_label', c.label_pl, 'status', n.status,
        'support_count', n.support_count, 'locality', l.name, 'locality_slug', l.slug,
        'realised_at', a.at) as item
      from unnest(v_ids, v_at) with ordinality as a (id, at, pos)
      join public.needs n on n.id = a.id
      join public.need_categories c on c.slug = n.category
      left join public.localities l on l.id = n.locality_id
      -- Fewer than v_limit realised needs: done needs without a public 'done' event follow,
      -- the latest reference first.
      union all
      (select null::bigint, json_build_object('ref', n.ref, 'kind', n.kind, 'title', n.title,
        'category', n.category, 'category_label', c.label_pl, 'status', n.status,
        'support_count', n.support_count, 'locality', l.name, 'locality_slug', l.slug,
        'realised_at', null)
      from public.needs n
      join public.need_categories c on c.slug = n.category
      left join public.localities l on l.id = n.locality_id
      where cardinality(v_ids) < v_limit and n.region_id = v_region and n.status = 'done'
        and n.ref is not null and private.is_public_need(n.status, n.hidden_at)
        and (p_kind is null or n.kind = p_kind)
        and (p_category is null or n.category = p_category)
        and not exists (select 1 from public.need_events e
          where e.need_id = n.id and e.status = 'done' and e.is_public)
      order by n.ref desc
      limit v_limit - cardinality(v_ids))
    ) x
  );
end
$$;
