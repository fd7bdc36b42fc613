-- The home page's list of recently realised needs ("Zrealizowane"), newest realisation first.
-- A need's realisation is its latest public event with status 'done' (a need reopened and done
-- again counts from the second time): the date residents were told, not the date of the report. Read under RLS (SECURITY INVOKER): anon sees
-- public needs and the public events of public needs only.
create or replace function public.realised_needs(p_region text, p_kind text, p_category text,
  p_limit integer)
returns json language plpgsql stable set search_path = '' as $$
declare
  v_limit integer := least(greatest(coalesce(p_limit, 5), 1), 50);
  v_ids uuid[] := '{}';
  v_at timestamptz[] := '{}';
  v_last timestamptz;
  r record;
begin
  -- Public 'done' events newest first (need_events_public_done_idx): the first event met of a
  -- need is its latest, its realisation. The walk stops at the first event older than the
  -- v_limit-th need found, so it reads about v_limit events at any number of needs; needs
  -- realised at the same moment are all kept, for the order by ref below.
  for r in
    select e.need_id, e.created_at
    from public.need_events e
    join public.needs n on n.id = e.need_id
    join public.regions g on g.id = n.region_id
    where e.status = 'done' and e.is_public and g.slug = p_region
      and n.status = 'done' and n.ref is not null
      and private.is_public_need(n.status, n.hidden_at)
      and (p_kind is null or n.kind = p_kind)
      and (p_category is null or n.category = p_category)
    order by e.created_at desc
  loop
    exit when cardinality(v_ids) >= v_limit and r.created_at < v_last;
    if not r.need_id = any (v_ids) then
      v_ids := v_ids || r.need_id;
      v_at := v_at || r.created_at;
      v_last := r.created_at;
    end if;
  end loop;
  return (
    select coalesce(json_agg(x order by x.realised_at desc nulls last, x.ref desc), '[]'::json)
    from (
      select n.ref, n.kind, n.title, n.category, c.label_pl as category_label, n.status,
        n.support_count, l.name as locality, l.slug as locality_slug, a.at as realised_at
      from unnest(v_ids, v_at) as a (id, at)
      join public.needs n on n.id = a.id
      join public.need_categories c on c.slug = n.category
      left join public.localities l on l.id = n.locality_id
      -- Fewer than v_limit realised needs: done needs without a public 'done' event follow.
      union all
      select n.ref, n.kind, n.title, n.category, c.label_pl, n.status, n.support_count, l.name,
        l.slug, null
      from public.needs n
      join public.regions g on g.id = n.region_id
      join public.need_categories c on c.slug = n.category
      left join public.localities l on l.id = n.locality_id
      where cardinality(v_ids) < v_limit and g.slug = p_region and n.status = 'done'
        and n.ref is not null and private.is_public_need(n.status, n.hidden_at)
        and (p_kind is null or n.kind = p_kind)
        and (p_category is null or n.category = p_category)
        and not exists (select 1 from public.need_events e
          where e.need_id = n.id and e.status = 'done' and e.is_public)
      order by 10 desc nulls last, 1 desc
      limit v_limit
    ) x
  );
end
$$;

select private.grant_execute('anon, authenticated, service_role',
  'public.realised_needs(text,text,text,integer)');

comment on function public.realised_needs(text,text,text,integer) is 'The recently realised public needs of a region, newest realisation first, for the home page.';
