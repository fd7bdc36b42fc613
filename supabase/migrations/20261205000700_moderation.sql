-- Moderation: the review queue, the status workflow with public notes, rejections with a reason
-- for the reporter, merging duplicates, privacy edits, assisted entry, and residents' abuse
-- reports with auto-hiding. The network of every support and abuse report is kept in `private`,
-- where no request role reads it, so that a burst of supports from one network shows up for
-- staff, and abuse reports hide a need only when browsers on at least two networks reported it.

-- Abuse reports by residents ("Zgłoś nadużycie"), on a need or on a comment: one per browser
-- (hashed device token) per need or comment. Written only by private.report_abuse; staff read
-- them; editors mark them reviewed when restoring what they hid. `comment_id` gets its foreign key
-- to public.need_comments in the comments migration, which creates that table.
create table public.abuse_reports (
  id bigint generated always as identity primary key,
  need_id uuid references public.needs (id) on delete cascade,
  comment_id bigint,
  check (num_nonnulls(need_id, comment_id) = 1),
  device_hash text not null check (device_hash ~ '^[0-9a-f]{64}$'),
  unique (need_id, device_hash),
  unique (comment_id, device_hash),
  reason text not null default 'other' check (reason in ('spam', 'personal_data', 'offensive', 'other')),
  reviewed_at timestamptz,
  created_at timestamptz not null default now()
);
comment on table public.abuse_reports is 'Abuse reports on needs and comments, one per browser; editors mark them reviewed.';

create index abuse_reports_open_need_idx on public.abuse_reports (need_id)
  where reviewed_at is null and need_id is not null;

create index abuse_reports_open_comment_idx on public.abuse_reports (comment_id)
  where reviewed_at is null and comment_id is not null;

select private.lock_table('public.abuse_reports');
grant select on public.abuse_reports to authenticated;
grant update (reviewed_at) on public.abuse_reports to authenticated;

create policy abuse_reports_read on public.abuse_reports for select to authenticated
  using ((select private.is_staff()));

create policy abuse_reports_update on public.abuse_reports for update to authenticated
  using ((select private.is_editor())) with check ((select private.is_editor()));

create trigger abuse_reports_audit after insert or update or delete on public.abuse_reports
  for each row execute function private.audit_row();

-- The note, and whether it is public, that private.record_need_event attaches to the next status
-- event of this transaction: a trigger has no parameters, so the writer passes them as
-- transaction-local settings. (null, null) clears them.
create or replace function private.set_need_note(p_note text, p_public boolean)
returns void language sql volatile set search_path = '' as $$
  select set_config('mzp.need_note', coalesce(p_note, ''), true),
    set_config('mzp.need_note_public', case when p_public then 'on' when not p_public then 'off'
      else '' end, true)
$$;

-- One status change (or, with the same status, a reply) with an optional note. SECURITY
-- INVOKER: RLS on needs decides who may (editors; council reads only) — 42501 otherwise.
create or replace function public.moderate_need(p_need uuid, p_status text, p_note text, p_note_public boolean)
returns json language plpgsql set search_path = '' as $$
declare
  v_current text;
  v_id uuid;
  v_note text := nullif(btrim(coalesce(p_note, '')), '');
begin
  if p_status = 'merged' then
    raise exception using errcode = '22023', message = 'use_merge_needs';
  end if;
  if p_status = 'rejected' and v_note is null then
    raise exception using errcode = '22023', message = 'reason_required';
  end if;
  select n.status into v_current from public.needs n where n.id = p_need;
  if v_current = p_status then
    if v_note is null then
      raise exception using errcode = '22023', message = 'note_required';
    end if;
    insert into public.need_events (need_id, status, note, is_public, created_by)
    values (p_need, p_status, v_note, coalesce(p_note_public, true), auth.uid());
    return json_build_object('id', p_need, 'status', p_status);
  end if;
  perform private.set_need_note(v_note, coalesce(p_note_public, true));
  update public.needs set status = p_status where id = p_need returning id into v_id;
  perform private.set_need_note(null, null);
  perform private.refuse_unless(v_id is not null, 'not_allowed');
  return json_build_object('id', v_id, 'status', p_status);
end
$$;

-- Moves the supports of a merged need to the kept one: duplicates (same device or account) are
-- dropped, and the count triggers keep both counters exact; the networks of the moved supports
-- go along, so a burst stays visible on the kept need. SECURITY DEFINER because supports belong
-- to their supporters; it checks the caller is an editor and the merge really happened.
create or replace function private.move_supports(p_from uuid, p_to uuid) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  v_moved integer;
begin
  perform private.refuse_unless(private.is_editor(), 'not_allowed');
  if not exists (select 1 from public.needs n where n.id = p_from and n.status = 'merged' and n.merged_into = p_to) then
    raise exception using errcode = '22023', message = 'not_merged';
  end if;
  insert into public.need_supports (need_id, device_hash, user_id, created_at)
  select p_to, s.device_hash, s.user_id, s.created_at
  from public.need_supports s where s.need_id = p_from
  order by s.id
  on conflict do nothing;
  get diagnostics v_moved = row_count;
  insert into private.support_origins (need_id, device_hash, ip_hash, created_at)
  select p_to, o.device_hash, o.ip_hash, o.created_at
  from private.support_origins o
  join public.need_supports s on s.need_id = p_to and s.device_hash = o.device_hash
  where o.need_id = p_from
  on conflict do nothing;
  delete from public.need_supports s where s.need_id = p_from;
  return v_moved;
end
$$;

create or replace function public.merge_needs(p_duplicate uuid, p_keep uuid, p_note text)
returns json language plpgsql set search_path = '' as $$
declare
  v_keep record;
  v_id uuid;
  v_moved integer;
begin
  if p_duplicate = p_keep then
    raise exception using errcode = '22023', message = 'merge_into_itself';
  end if;
  select n.id, n.ref, n.status, n.region_id into v_keep from public.needs n where n.id = p_keep;
  if v_keep.id is null or v_keep.status in ('merged', 'rejected')
     or not exists (select 1 from public.needs d where d.id = p_duplicate and d.region_id = v_keep.region_id) then
    raise exception using errcode = '22023', message = 'merge_target_invalid';
  end if;
  perform private.set_need_note(p_note, true);
  update public.needs set status = 'merged', merged_into = p_keep
  where id = p_duplicate returning id into v_id;
  perform private.set_need_note(null, null);
  perform private.refuse_unless(v_id is not null, 'not_allowed');
  v_moved := private.move_supports(p_duplicate, p_keep);
  return json_build_object('id', p_duplicate, 'kept', p_keep, 'kept_ref', v_keep.ref, 'moved', v_moved,
    'support_count', (select n.support_count from public.needs n where n.id = p_keep));
end
$$;

-- Hide or restore a need. Restoring marks its open abuse reports reviewed, so three new ones
-- are needed to hide it again.
create or replace function public.set_need_hidden(p_need uuid, p_hidden boolean)
returns json language sql set search_path = '' as $$
  with changed as (
    update public.needs
    set hidden_at = case when p_hidden then coalesce(hidden_at, now()) end,
        hidden_reason = case when p_hidden then coalesce(hidden_reason, 'moderator') end
    where id = p_need returning id
  ), reviewed as (
    update public.abuse_reports set reviewed_at = now()
    where need_id = p_need and reviewed_at is null and not p_hidden and exists (select 1 from changed)
  )
  select private.answer_unless_refused(exists (select 1 from changed), 'not_allowed',
    json_build_object('id', p_need, 'hidden', p_hidden))
$$;

-- Privacy edit: personal data removed from the reporter's text; the audit log keeps the before.
create or replace function public.edit_need_text(p_need uuid, p_title text, p_description text)
returns json language sql set search_path = '' as $$
  with changed as (
    update public.needs set title = btrim(p_title), description = coalesce(p_description, '')
    where id = p_need returning id
  )
  select private.answer_unless_refused(exists (select 1 from changed), 'not_allowed',
    json_build_object('id', p_need))
$$;

create or replace function public.set_photo_hidden(p_need uuid, p_hidden boolean)
returns json language sql set search_path = '' as $$
  with changed as (
    update public.need_photos set hidden = p_hidden where need_id = p_need returning need_id
  )
  select private.answer_unless_refused(exists (select 1 from changed), 'not_allowed',
    json_build_object('id', p_need, 'hidden', p_hidden))
$$;

-- Assisted entry: an organizer records a need for a resident who called or brought
-- a paper form. RLS on needs and need_contacts decides (editors). p: {region, kind, category,
-- title, description, lon, lat, village, publish, contact_email, contact_phone, consent_text}
create or replace function public.enter_need(p jsonb)
returns json language plpgsql set search_path = '' as $$
declare
  v_region_id bigint;
  v_point extensions.geometry;
  v_id uuid;
  v_ref text;
begin
  perform private.refuse_unless(private.is_editor(), 'not_allowed');
  v_region_id := private.region_id(p ->> 'region');
  v_point := private.need_point(v_region_id, p);
  if not exists (select 1 from public.need_categories c where c.slug = p ->> 'category') then
    raise exception using errcode = 'MZ422', message = 'unknown_category';
  end if;
  insert into public.needs (region_id, kind, category, title, description, point, status,
    created_by, entered_by_organizer)
  values (v_region_id, p ->> 'kind', p ->> 'category', btrim(p ->> 'title'),
    coalesce(p ->> 'description', ''), v_point,
    case when coalesce((p ->> 'publish')::boolean, false) then 'published' else 'new' end,
    auth.uid(), true)
  returning id, ref into v_id, v_ref;
  if nullif(p ->> 'contact_email', '') is not null or nullif(p ->> 'contact_phone', '') is not null then
    insert into public.need_contacts (need_id, email, phone, consent_text)
    values (v_id, nullif(p ->> 'contact_email', ''), nullif(p ->> 'contact_phone', ''), p ->> 'consent_text');
  end if;
  return json_build_object('id', v_id, 'ref', v_ref);
end
$$;

-- Possible duplicates of a need for staff: any status except merged and rejected, same category
-- within 500 m or a similar title anywhere in the region. SECURITY INVOKER: RLS applies.
create or replace function public.similar_needs_staff(p_need uuid, p_limit integer)
returns json language sql stable set search_path = '' as $$
  with base as (
    select n.id, n.region_id, n.category, n.point::extensions.geography as g, private.fold(n.title) as t
    from public.needs n where n.id = p_need
  ),
  candidates as (
    select n.id, n.ref, n.title, n.category, n.status, n.support_count, n.hidden_at,
      round(extensions.st_distance(n.point::extensions.geography, b.g))::integer as distance_m,
      extensions.similarity(private.fold(n.title), b.t) as sim,
      n.category = b.category as same_category
    from public.needs n cross join base b
    where n.region_id = b.region_id and n.id <> b.id and n.status not in ('merged', 'rejected')
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

-- The network each abuse report came from.
create table private.abuse_origins (
  report_id bigint primary key references public.abuse_reports (id) on delete cascade,
  ip_hash text not null check (ip_hash ~ '^[0-9a-f]{64}$')
);

select private.lock_table('private.abuse_origins');

comment on table private.abuse_origins is
  'Hashed network of each abuse report, so one network alone cannot hide a need or comment. Never readable by request roles.';

-- "Zgłoś nadużycie" on a public need (p_need) or a public comment (p_comment, see the comments
-- migration), for the browser of a signed context: one report per browser and need or comment,
-- rate limits per device (abuse_device) and per network (abuse_ip), the network kept privately.
-- It is hidden only when its open (unreviewed) reports of the last 24 hours come from at least
-- three browsers on at least two networks, so one person with several browsers on one connection
-- cannot hide anything; three or more open reports that do not meet this leave it public and
-- flag it for the moderation queue. The reported row's lock serialises concurrent reports, so it
-- is hidden exactly once. MZ404 (need_not_public, comment_not_public) unless it is public.
create function private.report_abuse(p_need uuid, p_comment bigint, p_ctx jsonb, p_reason text)
returns json language plpgsql security definer set search_path = '' as $$
declare
  v_who record;
  v_report bigint;
  v_hide boolean;
  v_flagged boolean;
begin
  if num_nonnulls(p_need, p_comment) <> 1 then
    raise exception using errcode = '22023', message = 'need_or_comment';
  end if;
  select t.device_hash, t.ip_hash into v_who from private.trusted_device(p_ctx, 'abuse_device') t;
  perform private.take_rate('abuse_ip', v_who.ip_hash);
  if p_need is not null then
    perform 1 from public.needs n
    where n.id = p_need and private.is_public_need(n.status, n.hidden_at)
    for update;
  else
    perform 1 from public.need_comments c
    where c.id = p_comment and private.is_public_comment(c.approved_at, c.hidden_at, c.need_id)
    for update;
  end if;
  if not found then
    raise exception using errcode = 'MZ404',
      message = case when p_need is not null then 'need_not_public' else 'comment_not_public' end;
  end if;
  insert into public.abuse_reports (need_id, comment_id, device_hash, reason)
  values (p_need, p_comment, v_who.device_hash, coalesce(p_reason, 'other'))
  on conflict do nothing
  returning id into v_report;
  if v_report is not null then
    insert into private.abuse_origins (report_id, ip_hash) values (v_report, v_who.ip_hash);
  end if;
  select c.recent >= 3 and c.networks >= 2, not (c.recent >= 3 and c.networks >= 2) and c.open >= 3
  into v_hide, v_flagged
  from (select count(*) as open,
      count(*) filter (where a.created_at > now() - interval '24 hours') as recent,
      count(distinct o.ip_hash) filter (where a.created_at > now() - interval '24 hours') as networks
    from public.abuse_reports a
    left join private.abuse_origins o on o.report_id = a.id
    where (a.need_id = p_need or a.comment_id = p_comment) and a.reviewed_at is null) c;
  if v_hide then
    update public.needs set hidden_at = now(), hidden_reason = 'abuse_reports' where id = p_need;
    update public.need_comments set hidden_at = now(), hidden_reason = 'abuse_reports' where id = p_comment;
  end if;
  return json_build_object('reported', true, 'counted', v_report is not null, 'hidden', v_hide,
    'flagged', v_flagged);
end
$$;

-- Support bursts for staff: per need, the most supports one network gave within any hour
-- (`burst`, reported from 10) and the supports of the network that gave the most, when it gave
-- more than half of at least 10 (`top_network` of `total`); `last_at` is the latest support of a
-- flagged network. Counts only, never the hashes. SECURITY DEFINER because the origins are
-- private; it returns nothing unless the caller is staff. A hall sharing one Wi-Fi also shows up
-- here: the warning asks a person to look, it decides nothing.
create function private.support_alerts(p_region text, p_need uuid)
returns table (need_id uuid, burst integer, top_network integer, total integer, last_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  with o as (
    select o.need_id, o.ip_hash, o.created_at, n.support_count,
      count(*) over (partition by o.need_id, o.ip_hash order by o.created_at
        range between interval '1 hour' preceding and current row) as in_hour
    from private.support_origins o
    join public.needs n on n.id = o.need_id
    join public.regions r on r.id = n.region_id
    where (select private.is_staff())
      and (p_need is null or o.need_id = p_need)
      and (p_region is null or r.slug = p_region)
  ),
  nets as (
    select o.need_id, count(*)::integer as k, max(o.in_hour)::integer as hour_max,
      max(o.created_at) as last_at, max(o.support_count) as total
    from o group by o.need_id, o.ip_hash
  ),
  flagged as (
    select x.*, x.hour_max >= 10 as is_burst, (x.total >= 10 and x.k * 2 > x.total) as is_majority
    from nets x
  )
  select f.need_id,
    max(f.hour_max) filter (where f.is_burst),
    max(f.k) filter (where f.is_majority),
    max(f.total)::integer,
    max(f.last_at) filter (where f.is_burst or f.is_majority)
  from flagged f
  group by f.need_id
  having bool_or(f.is_burst or f.is_majority)
$$;

-- How many networks the open abuse reports of a need came from (staff only, else null).
create function private.abuse_networks(p_need uuid)
returns integer language sql stable security definer set search_path = '' as $$
  select case when (select private.is_staff()) then (
    select count(distinct o.ip_hash)::integer
    from public.abuse_reports a
    join private.abuse_origins o on o.report_id = a.id
    where a.need_id = p_need and a.reviewed_at is null) end
$$;

-- One need as staff see it for moderation: text, place, photo (also hidden), open abuse reports
-- and the review flags: `abuse_flagged` (three or more open abuse reports on a need that stays
-- public), `abuse_networks` and `support_alert`.
create or replace function private.need_json(p_need uuid) returns json
language sql stable set search_path = '' as $$
  select json_build_object(
    'id', n.id, 'ref', n.ref, 'kind', n.kind, 'category', n.category,
    'category_label', c.label_pl, 'title', n.title, 'description', n.description,
    'status', n.status, 'support_count', n.support_count,
    'entered_by_organizer', n.entered_by_organizer, 'created_at', n.created_at,
    'hidden_at', n.hidden_at, 'hidden_reason', n.hidden_reason,
    'merged_into', n.merged_into,
    'merged_into_ref', (select m.ref from public.needs m where m.id = n.merged_into),
    'lon', round(extensions.st_x(n.point)::numeric, 6), 'lat', round(extensions.st_y(n.point)::numeric, 6),
    'locality', l.name, 'locality_slug', l.slug,
    'photo', (select json_build_object('storage_key', ph.storage_key, 'hidden', ph.hidden,
      'width', ph.width, 'height', ph.height) from public.need_photos ph where ph.need_id = n.id),
    'abuse_reports', a.open,
    'abuse_flagged', n.hidden_at is null and a.open >= 3,
    'abuse_networks', case when a.open > 0 then coalesce(private.abuse_networks(n.id), 0) end,
    'support_alert', (select json_build_object('burst', s.burst, 'top_network', s.top_network,
      'total', s.total, 'last_at', s.last_at) from private.support_alerts(null, n.id) s)
  )
  from public.needs n
  join public.need_categories c on c.slug = n.category
  left join public.localities l on l.id = n.locality_id
  cross join lateral (select count(*)::integer as open from public.abuse_reports x
    where x.need_id = n.id and x.reviewed_at is null) a
  where n.id = p_need
$$;

-- The queue: new reports, hidden needs, public needs flagged by abuse reports and public needs
-- with a support burst in the last seven days; with p_status, all needs of that status.
create or replace function public.moderation_queue(p_region text, p_status text)
returns json language sql stable set search_path = '' as $$
  select coalesce(json_agg(private.need_json(n.id) order by n.created_at, n.id), '[]'::json)
  from public.needs n
  join public.regions r on r.id = n.region_id
  where r.slug = p_region
    and (select private.is_staff())
    and case when p_status is null
      then n.status = 'new'
        or (n.hidden_at is not null and n.status not in ('rejected', 'merged'))
        or (private.is_public_need(n.status, n.hidden_at) and (
          (select count(*) from public.abuse_reports a
           where a.need_id = n.id and a.reviewed_at is null) >= 3
          or n.id in (select s.need_id from private.support_alerts(p_region, null) s
                      where s.last_at > now() - interval '7 days')))
      else n.status = p_status end
$$;

create or replace function public.moderation_need(p_need uuid)
returns json language sql stable set search_path = '' as $$
  select json_build_object(
    'need', private.need_json(n.id),
    'events', coalesce((select json_agg(json_build_object('status', e.status, 'note', e.note,
      'is_public', e.is_public, 'at', e.created_at) order by e.created_at, e.id)
      from public.need_events e where e.need_id = n.id), '[]'::json),
    'contact', (select json_build_object('email', k.email, 'phone', k.phone, 'consent_text', k.consent_text)
      from public.need_contacts k where k.need_id = n.id),
    'abuse', coalesce((select json_agg(json_build_object('reason', a.reason, 'at', a.created_at,
      'reviewed', a.reviewed_at is not null) order by a.created_at)
      from public.abuse_reports a where a.need_id = n.id), '[]'::json)
  )
  from public.needs n
  where n.id = p_need and (select private.is_staff())
$$;

select private.grant_execute('authenticated', 'private.move_supports(uuid,uuid)');

select private.grant_execute('authenticated, service_role', 'private.need_json(uuid)',
  'private.support_alerts(text,uuid)', 'private.abuse_networks(uuid)');

select private.grant_execute('anon, authenticated, service_role',
  'public.moderate_need(uuid,text,text,boolean)', 'public.merge_needs(uuid,uuid,text)',
  'public.set_need_hidden(uuid,boolean)', 'public.edit_need_text(uuid,text,text)',
  'public.set_photo_hidden(uuid,boolean)', 'public.enter_need(jsonb)',
  'public.moderation_need(uuid)', 'public.similar_needs_staff(uuid,integer)',
  'public.moderation_queue(text,text)');

select private.grant_execute('anon, authenticated', 'private.report_abuse(uuid,bigint,jsonb,text)');

select private.grant_execute('authenticated, service_role', 'private.set_need_note(text,boolean)');

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function public.moderate_need(uuid,text,text,boolean) is 'Changes the status of a need, or replies, with an optional note (RLS: editors).';
comment on function private.move_supports(uuid,uuid) is 'Moves the supports of a merged need to the kept one.';
comment on function public.merge_needs(uuid,uuid,text) is 'Merges a duplicate need into the kept one and moves its supports.';
comment on function public.set_need_hidden(uuid,boolean) is 'Hides or restores a need; restoring closes its open abuse reports.';
comment on function public.edit_need_text(uuid,text,text) is 'Privacy edit of a need''s title and description.';
comment on function public.set_photo_hidden(uuid,boolean) is 'Hides or shows the photo of a need.';
comment on function public.enter_need(jsonb) is 'An organizer records a need for a resident (assisted entry).';
comment on function public.similar_needs_staff(uuid,integer) is 'Possible duplicates of a need, for staff.';
comment on function private.report_abuse(uuid,bigint,jsonb,text) is 'Reports abuse on a need or comment for a signed browser; hides it on reports from several networks.';
comment on function private.support_alerts(text,uuid) is 'Support bursts from one network, per need, for staff.';
comment on function private.abuse_networks(uuid) is 'How many networks the open abuse reports of a need came from; staff only.';
comment on function private.need_json(uuid) is 'One need as staff see it for moderation.';
comment on function public.moderation_queue(text,text) is 'The moderation queue of a region, or all needs of one status.';
comment on function public.moderation_need(uuid) is 'One need for moderation with events, contact and abuse reports.';
comment on function private.set_need_note(text,boolean) is 'Passes a status note to the need event trigger of this transaction.';
