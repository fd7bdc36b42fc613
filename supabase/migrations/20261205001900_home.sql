-- The home page's list of recently realised needs ("Zrealizowane"), newest realisation first.
-- A need's realisation is its latest public event with status 'done' (a need reopened and done
-- again counts from the second time): the date residents were told, not the date of the report. Read under RLS (SECURITY INVOKER): anon sees
-- public needs and the public events of public needs only.
create or replace function public.realised_needs(p_region text, p_kind text, p_category text,
  p_limit integer)
returns json language sql stable set search_path = '' as $$
  select coalesce(json_agg(x order by x.realised_at desc nulls last, x.ref desc), '[]'::json)
  from (
    select n.ref, n.kind, n.title, n.category, c.label_pl as category_label, n.status,
      n.support_count, l.name as locality, l.slug as locality_slug,
      (select max(e.created_at) from public.need_events e
        where e.need_id = n.id and e.status = 'done' and e.is_public) as realised_at
    from public.needs n
    join public.regions r on r.id = n.region_id
    join public.need_categories c on c.slug = n.category
    left join public.localities l on l.id = n.locality_id
    where r.slug = p_region and n.status = 'done' and n.ref is not null
      and private.is_public_need(n.status, n.hidden_at)
      and (p_kind is null or n.kind = p_kind)
      and (p_category is null or n.category = p_category)
    order by realised_at desc nulls last, n.ref desc
    limit least(greatest(coalesce(p_limit, 5), 1), 50)
  ) x
$$;

select private.grant_execute('anon, authenticated, service_role',
  'public.realised_needs(text,text,text,integer)');

comment on function public.realised_needs(text,text,text,integer) is 'The recently realised public needs of a region, newest realisation first, for the home page.';
