-- What waits for staff on the panel's start page: a few counts of one region in one call. Read
-- under RLS (SECURITY INVOKER): each count covers only the rows the caller may read, so unsent
-- mail counts for admins only (public.mail_outbox is theirs) and a resident without a role sees
-- nothing but their own new reports. The page shows each count only to the roles whose work it
-- is (src/lib/server/auth/permissions.ts); the database still decides every row.
create or replace function public.panel_todo(p_region text)
returns json language sql stable set search_path = '' as $$
  select json_build_object(
    -- Residents' reports not yet published or rejected.
    'new_reports', (select count(*) from public.needs n
      where n.region_id = r.id and n.status = 'new'),
    -- Abuse reports ("Zgłoś nadużycie") on needs and comments nobody has reviewed yet.
    'abuse_flags', (select count(*) from public.abuse_reports a
      left join public.needs n on n.id = a.need_id
      left join public.need_comments c on c.id = a.comment_id
      left join public.needs cn on cn.id = c.need_id
      where a.reviewed_at is null and coalesce(n.region_id, cn.region_id) = r.id),
    -- Comments waiting for an editor's approval (neither approved nor hidden).
    'pending_comments', (select count(*) from public.need_comments c
      join public.needs n on n.id = c.need_id
      where n.region_id = r.id and c.approved_at is null and c.hidden_at is null),
    -- Activities still to come: a start in the future, neither held nor cancelled.
    'upcoming_activities', (select count(*) from public.activities a
      where a.region_id = r.id and a.starts_at >= now() and a.status in ('planned', 'confirmed')),
    -- Status e-mails not (yet) delivered: queued, being sent, failed or held without SMTP.
    'unsent_mail', (select count(*) from public.mail_outbox o
      join public.needs n on n.id = o.need_id
      where n.region_id = r.id and o.state in ('pending', 'sending', 'failed', 'held')))
  from public.regions r
  where r.slug = p_region
$$;

-- Not for anon: abuse reports and the outbox are not granted to anon at all.
select private.grant_execute('authenticated, service_role', 'public.panel_todo(text)');

comment on function public.panel_todo(text) is 'Counts of what waits for staff in a region (new reports, abuse reports, comments, upcoming activities, unsent mail), under RLS.';
