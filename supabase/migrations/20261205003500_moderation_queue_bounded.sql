-- The moderation list of one status (/panel/moderacja?status=…), bounded at any number of needs.
--
-- public.moderation_queue (…_moderation.sql) returned every need of the chosen status, each
-- with its moderation details: at a million needs "published" ran into the statement timeout
-- (503). It now returns at most 500 rows, oldest first as before, read in that order from
-- needs_status_created_idx; the page says when the list stops there. The review queue itself
-- (no status) keeps its rules and gets the same bound; it read every need of the region to
-- test them (0.9-1.3 s at a million), and now tests only the candidates its parts' indexes give:
-- new needs, hidden needs, needs with three open abuse reports, needs with support alerts.
create index needs_status_created_idx on public.needs (region_id, status, created_at, id);

create or replace function public.moderation_queue(p_region text, p_status text)
returns json language sql stable set search_path = '' as $$
  select coalesce(json_agg(private.need_json(q.id) order by q.created_at, q.id), '[]'::json)
  from (
    (select n.id, n.created_at
    from public.needs n
    join public.regions r on r.id = n.region_id
    where p_status is null and r.slug = p_region
      and (select private.is_staff())
      -- The candidates, each part from its own index, then the rules below on those few.
      and n.id in (
        select x.id from public.needs x
        where x.region_id = (select g.id from public.regions g where g.slug = p_region)
          and x.status = 'new'
        union
        select x.id from public.needs x where x.hidden_at is not null
        union
        select a.need_id from public.abuse_reports a
        where a.reviewed_at is null and a.need_id is not null
        group by a.need_id having count(*) >= 3
        union
        select s.need_id from private.support_alerts(p_region, null) s
        where s.last_at > now() - interval '7 days')
      and (n.status = 'new'
        or (n.hidden_at is not null and n.status not in ('rejected', 'merged'))
        or (private.is_public_need(n.status, n.hidden_at) and (
          (select count(*) from public.abuse_reports a
           where a.need_id = n.id and a.reviewed_at is null) >= 3
          or n.id in (select s.need_id from private.support_alerts(p_region, null) s
                      where s.last_at > now() - interval '7 days'))))
    order by n.created_at, n.id
    limit 500)
    union all
    (select n.id, n.created_at
    from public.needs n
    where p_status is not null
      and n.region_id = (select r.id from public.regions r where r.slug = p_region)
      and (select private.is_staff())
      and n.status = p_status
    order by n.created_at, n.id
    limit 500)
  ) q
$$;
