-- Moderation: the review queue, the status workflow with public notes,
-- rejections with a reason for the reporter, merging duplicates, privacy edits, assisted entry,
-- residents' abuse reports with auto-hiding, and the audit log reader.

-- Hidden needs (three abuse reports, or an organizer) leave every public view until reviewed.
alter table public.needs
  add column hidden_at timestamptz,
  add column hidden_reason text check (hidden_reason in ('abuse_reports', 'moderator'));
create index needs_hidden_idx on public.needs (hidden_at) where hidden_at is not null;
-- Always null in what anon can see (policies exclude hidden rows); public functions filter on it.
grant select (hidden_at) on public.needs to anon;

-- Public = a public status and not hidden. Replaces private.is_public_need_status(status) in
-- every policy and public function below.
create or replace function private.is_public_need(p_status text, p_hidden_at timestamptz)
returns boolean
language sql immutable parallel safe
set search_path = ''
as $$ select private.is_public_need_status(p_status) and p_hidden_at is null $$;
revoke all on function private.is_public_need(text, timestamptz) from public;
grant execute on function private.is_public_need(text, timestamptz) to anon, authenticated, service_role;

-- Abuse reports by residents: one per browser (hashed device token) per need. Written only by
-- private.report_abuse; staff read them; editors mark them reviewed when restoring a need.
create table public.need_abuse_reports (
  id bigint generated always as identity primary key,
  need_id uuid not null references public.needs (id) on delete cascade,
  device_hash text not null check (device_hash ~ '^[0-9a-f]{64}$'),
  reason text not null default 'other' check (reason in ('spam', 'personal_data', 'offensive', 'other')),
  reviewed_at timestamptz,
  created_at timestamptz not null default now(),
  unique (need_id, device_hash)
);
create index need_abuse_reports_open_idx on public.need_abuse_reports (need_id) where reviewed_at is null;

alter table public.need_abuse_reports enable row level security;
revoke all on public.need_abuse_reports from anon, authenticated;
grant select on public.need_abuse_reports to authenticated;
grant update (reviewed_at) on public.need_abuse_reports to authenticated;
create policy need_abuse_reports_read on public.need_abuse_reports for select to authenticated
  using ((select private.is_staff()));
create policy need_abuse_reports_update on public.need_abuse_reports for update to authenticated
  using ((select private.is_editor())) with check ((select private.is_editor()));

create trigger need_abuse_reports_audit after insert or update or delete on public.need_abuse_reports
  for each row execute function private.audit_row();

-- Policies that decided publicity by status alone now also exclude hidden needs.
drop policy needs_read_anon on public.needs;
create policy needs_read_anon on public.needs for select to anon
  using (private.is_public_need(status, hidden_at));
drop policy needs_read on public.needs;
create policy needs_read on public.needs for select to authenticated
  using (private.is_public_need(status, hidden_at) or created_by = (select auth.uid()) or (select private.is_staff()));

drop policy need_supports_insert on public.need_supports;
create policy need_supports_insert on public.need_supports for insert to authenticated
  with check (
    user_id = (select auth.uid()) and device_hash is null
    and exists (select 1 from public.needs n where n.id = need_id and private.is_public_need(n.status, n.hidden_at))
  );

drop policy activity_needs_read_anon on public.activity_needs;
create policy activity_needs_read_anon on public.activity_needs for select to anon
  using (exists (
    select 1 from public.activities a join public.needs n on n.id = need_id
    where a.id = activity_id and a.published and private.is_public_need(n.status, n.hidden_at)));
drop policy activity_needs_read on public.activity_needs;
create policy activity_needs_read on public.activity_needs for select to authenticated
  using ((select private.is_staff()) or exists (
    select 1 from public.activities a join public.needs n on n.id = need_id
    where a.id = activity_id and a.published and private.is_public_need(n.status, n.hidden_at)));

drop policy need_photos_read_anon on public.need_photos;
create policy need_photos_read_anon on public.need_photos for select to anon
  using (not hidden and exists (
    select 1 from public.needs n where n.id = need_id and private.is_public_need(n.status, n.hidden_at)));
drop policy need_photos_read on public.need_photos;
create policy need_photos_read on public.need_photos for select to authenticated
  using ((select private.is_staff()) or (not hidden and exists (
    select 1 from public.needs n where n.id = need_id and private.is_public_need(n.status, n.hidden_at))));

drop policy need_events_read_anon on public.need_events;
create policy need_events_read_anon on public.need_events for select to anon
  using (is_public and exists (
    select 1 from public.needs n where n.id = need_id and private.is_public_need(n.status, n.hidden_at)));
drop policy need_events_read on public.need_events;
create policy need_events_read on public.need_events for select to authenticated
  using ((select private.is_staff()) or (is_public and exists (
    select 1 from public.needs n where n.id = need_id and private.is_public_need(n.status, n.hidden_at))));

-- The status workflow: nowe → opublikowane → w_analizie → zaplanowane →
-- w_realizacji → zrealizowane, forward steps may skip; odrzucone on the way (until work starts)
-- or polaczone (a duplicate may be found late); a rejection may be reopened for review. Owner
-- scripts (imports, seeds) are not restricted.
create or replace function private.need_transition_allowed(p_from text, p_to text) returns boolean
language sql immutable parallel safe
set search_path = ''
as $$
  select p_from = p_to or exists (
    select 1 from (values
      ('nowe', 'opublikowane'), ('nowe', 'odrzucone'), ('nowe', 'polaczone'),
      ('opublikowane', 'w_analizie'), ('opublikowane', 'zaplanowane'),
      ('opublikowane', 'w_realizacji'), ('opublikowane', 'zrealizowane'),
      ('opublikowane', 'odrzucone'), ('opublikowane', 'polaczone'),
      ('w_analizie', 'zaplanowane'), ('w_analizie', 'w_realizacji'), ('w_analizie', 'zrealizowane'),
      ('w_analizie', 'odrzucone'), ('w_analizie', 'polaczone'),
      ('zaplanowane', 'w_realizacji'), ('zaplanowane', 'zrealizowane'), ('zaplanowane', 'odrzucone'),
      ('zaplanowane', 'polaczone'),
      ('w_realizacji', 'zrealizowane'), ('w_realizacji', 'polaczone'),
      ('odrzucone', 'nowe')
    ) as t (f, s)
    where t.f = p_from and t.s = p_to)
$$;
revoke all on function private.need_transition_allowed(text, text) from public;
grant execute on function private.need_transition_allowed(text, text) to anon, authenticated, service_role;

create or replace function private.check_need_transition() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if coalesce(auth.role(), '') in ('anon', 'authenticated')
     and not private.need_transition_allowed(old.status, new.status) then
    raise exception using errcode = 'MZ422', message = 'transition_not_allowed',
      detail = format('%s -> %s', old.status, new.status);
  end if;
  if new.status = 'polaczone' and (new.merged_into is null or new.merged_into = new.id) then
    raise exception using errcode = 'MZ422', message = 'merge_target_required';
  end if;
  if new.status <> 'polaczone' then
    new.merged_into := null;
  end if;
  return new;
end
$$;
revoke all on function private.check_need_transition() from public;
create trigger needs_transition before update of status, merged_into on public.needs
  for each row execute function private.check_need_transition();

-- Status events now carry the moderator's note, passed by public.moderate_need and
-- public.merge_needs through transaction-local settings (a trigger has no parameters).
create or replace function private.record_need_event() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' or new.status is distinct from old.status then
    insert into public.need_events (need_id, status, note, is_public, created_by)
    values (new.id, new.status, nullif(btrim(coalesce(current_setting('mzp.need_note', true), '')), ''),
      coalesce(current_setting('mzp.need_note_public', true), '') <> 'off', auth.uid());
  end if;
  return null;
end
$$;
revoke all on function private.record_need_event() from public, anon, authenticated;

-- One status change (or, with the same status, a reply) with an optional note. SECURITY
-- INVOKER: RLS on needs decides who may (editors; council reads only) — 42501 otherwise.
create or replace function public.moderate_need(p_need uuid, p_status text, p_note text, p_note_public boolean)
returns json
language plpgsql
set search_path = ''
as $$
declare
  v_current text;
  v_id uuid;
  v_note text := nullif(btrim(coalesce(p_note, '')), '');
begin
  if p_status = 'polaczone' then
    raise exception using errcode = '22023', message = 'use_merge_needs';
  end if;
  if p_status = 'odrzucone' and v_note is null then
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
  perform set_config('mzp.need_note', coalesce(v_note, ''), true);
  perform set_config('mzp.need_note_public', case when coalesce(p_note_public, true) then 'on' else 'off' end, true);
  update public.needs set status = p_status where id = p_need returning id into v_id;
  perform set_config('mzp.need_note', '', true);
  perform set_config('mzp.need_note_public', '', true);
  if v_id is null then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return json_build_object('id', v_id, 'status', p_status);
end
$$;

-- Moves the supports of a merged need to the kept one: duplicates (same device or account) are
-- dropped, and the count triggers keep both counters exact. SECURITY DEFINER because supports
-- belong to their supporters; it checks the caller is an editor and the merge really happened.
create or replace function private.move_supports(p_from uuid, p_to uuid) returns integer
language plpgsql security definer
set search_path = ''
as $$
declare
  v_moved integer;
begin
  if not private.is_editor() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if not exists (select 1 from public.needs n where n.id = p_from and n.status = 'polaczone' and n.merged_into = p_to) then
    raise exception using errcode = '22023', message = 'not_merged';
  end if;
  insert into public.need_supports (need_id, device_hash, user_id, created_at)
  select p_to, s.device_hash, s.user_id, s.created_at
  from public.need_supports s where s.need_id = p_from
  order by s.id
  on conflict do nothing;
  get diagnostics v_moved = row_count;
  delete from public.need_supports s where s.need_id = p_from;
  return v_moved;
end
$$;
revoke all on function private.move_supports(uuid, uuid) from public;
grant execute on function private.move_supports(uuid, uuid) to authenticated;

create or replace function public.merge_needs(p_duplicate uuid, p_keep uuid, p_note text)
returns json
language plpgsql
set search_path = ''
as $$
declare
  v_keep record;
  v_id uuid;
  v_moved integer;
begin
  if p_duplicate = p_keep then
    raise exception using errcode = '22023', message = 'merge_into_itself';
  end if;
  select n.id, n.ref, n.status, n.region_id into v_keep from public.needs n where n.id = p_keep;
  if v_keep.id is null or v_keep.status in ('polaczone', 'odrzucone')
     or not exists (select 1 from public.needs d where d.id = p_duplicate and d.region_id = v_keep.region_id) then
    raise exception using errcode = '22023', message = 'merge_target_invalid';
  end if;
  perform set_config('mzp.need_note', coalesce(p_note, ''), true);
  perform set_config('mzp.need_note_public', 'on', true);
  update public.needs set status = 'polaczone', merged_into = p_keep
  where id = p_duplicate returning id into v_id;
  perform set_config('mzp.need_note', '', true);
  perform set_config('mzp.need_note_public', '', true);
  if v_id is null then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  v_moved := private.move_supports(p_duplicate, p_keep);
  return json_build_object('id', p_duplicate, 'kept', p_keep, 'kept_ref', v_keep.ref, 'moved', v_moved,
    'support_count', (select n.support_count from public.needs n where n.id = p_keep));
end
$$;

-- Hide or restore a need. Restoring marks its open abuse reports reviewed, so three new ones
-- are needed to hide it again.
create or replace function public.set_need_hidden(p_need uuid, p_hidden boolean)
returns json
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
begin
  update public.needs
  set hidden_at = case when p_hidden then coalesce(hidden_at, now()) end,
      hidden_reason = case when p_hidden then coalesce(hidden_reason, 'moderator') end
  where id = p_need returning id into v_id;
  if v_id is null then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  if not p_hidden then
    update public.need_abuse_reports set reviewed_at = now() where need_id = p_need and reviewed_at is null;
  end if;
  return json_build_object('id', v_id, 'hidden', p_hidden);
end
$$;

-- Privacy edit: personal data removed from the reporter's text; the audit log keeps the before.
create or replace function public.edit_need_text(p_need uuid, p_title text, p_description text)
returns json
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
begin
  update public.needs set title = btrim(p_title), description = coalesce(p_description, '')
  where id = p_need returning id into v_id;
  if v_id is null then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return json_build_object('id', v_id);
end
$$;

create or replace function public.set_photo_hidden(p_need uuid, p_hidden boolean)
returns json
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
begin
  update public.need_photos set hidden = p_hidden where need_id = p_need returning need_id into v_id;
  if v_id is null then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  return json_build_object('id', v_id, 'hidden', p_hidden);
end
$$;

-- Assisted entry: an organizer records a need for a resident who called or brought
-- a paper form. RLS on needs and need_contacts decides (editors). p: {region, kind, category,
-- title, description, lon, lat, village, publish, contact_email, contact_phone, consent_text}
create or replace function public.enter_need(p jsonb)
returns json
language plpgsql
set search_path = ''
as $$
declare
  v_region_id bigint;
  v_point extensions.geometry;
  v_id uuid;
  v_ref text;
begin
  if not private.is_editor() then
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  select r.id into v_region_id from public.regions r where r.slug = p ->> 'region';
  if v_region_id is null then
    raise exception using errcode = '22023', message = 'unknown region';
  end if;
  if nullif(p ->> 'village', '') is not null then
    select l.point into v_point from public.localities l
    where l.region_id = v_region_id and l.slug = p ->> 'village';
    if v_point is null then
      raise exception using errcode = 'MZ422', message = 'unknown_village';
    end if;
  else
    v_point := extensions.st_setsrid(extensions.st_makepoint(
      (p ->> 'lon')::double precision, (p ->> 'lat')::double precision), 4326);
  end if;
  if not exists (select 1 from public.need_categories c where c.slug = p ->> 'category') then
    raise exception using errcode = 'MZ422', message = 'unknown_category';
  end if;
  insert into public.needs (region_id, kind, category, title, description, point, status,
    created_by, entered_by_organizer)
  values (v_region_id, p ->> 'kind', p ->> 'category', btrim(p ->> 'title'),
    coalesce(p ->> 'description', ''), v_point,
    case when coalesce((p ->> 'publish')::boolean, false) then 'opublikowane' else 'nowe' end,
    auth.uid(), true)
  returning id, ref into v_id, v_ref;
  if nullif(p ->> 'contact_email', '') is not null or nullif(p ->> 'contact_phone', '') is not null then
    insert into public.need_contacts (need_id, email, phone, consent_text)
    values (v_id, nullif(p ->> 'contact_email', ''), nullif(p ->> 'contact_phone', ''), p ->> 'consent_text');
  end if;
  return json_build_object('id', v_id, 'ref', v_ref);
end
$$;

-- One need as staff see it for moderation: text, place, photo (also hidden), open abuse
-- reports, the full timeline and, for editors, the contact (RLS returns none to council).
create or replace function private.need_json(p_need uuid) returns json
language sql stable
set search_path = ''
as $$
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
    'abuse_reports', (select count(*) from public.need_abuse_reports a
      where a.need_id = n.id and a.reviewed_at is null)
  )
  from public.needs n
  join public.need_categories c on c.slug = n.category
  left join public.localities l on l.id = n.locality_id
  where n.id = p_need
$$;
revoke all on function private.need_json(uuid) from public;
grant execute on function private.need_json(uuid) to authenticated, service_role;

-- The queue: new reports and hidden needs, oldest first; with p_status, all needs of that status.
create or replace function public.moderation_queue(p_region text, p_status text)
returns json
language sql stable
set search_path = ''
as $$
  select coalesce(json_agg(private.need_json(n.id) order by n.created_at, n.id), '[]'::json)
  from public.needs n
  join public.regions r on r.id = n.region_id
  where r.slug = p_region
    and (select private.is_staff())
    and case when p_status is null
      then n.status = 'nowe' or (n.hidden_at is not null and n.status not in ('odrzucone', 'polaczone'))
      else n.status = p_status end
$$;

create or replace function public.moderation_need(p_need uuid)
returns json
language sql stable
set search_path = ''
as $$
  select json_build_object(
    'need', private.need_json(n.id),
    'events', coalesce((select json_agg(json_build_object('status', e.status, 'note', e.note,
      'is_public', e.is_public, 'at', e.created_at) order by e.created_at, e.id)
      from public.need_events e where e.need_id = n.id), '[]'::json),
    'contact', (select json_build_object('email', k.email, 'phone', k.phone, 'consent_text', k.consent_text)
      from public.need_contacts k where k.need_id = n.id),
    'abuse', coalesce((select json_agg(json_build_object('reason', a.reason, 'at', a.created_at,
      'reviewed', a.reviewed_at is not null) order by a.created_at)
      from public.need_abuse_reports a where a.need_id = n.id), '[]'::json)
  )
  from public.needs n
  where n.id = p_need and (select private.is_staff())
$$;

-- Possible duplicates of a need for staff: any status except merged and rejected, same category
-- within 500 m or a similar title anywhere in the region. SECURITY INVOKER: RLS applies.
create or replace function public.similar_needs_staff(p_need uuid, p_limit integer)
returns json
language sql stable
set search_path = ''
as $$
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
    where n.region_id = b.region_id and n.id <> b.id and n.status not in ('polaczone', 'odrzucone')
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

-- The audit log for admins: filters by table and date range (Europe/Warsaw days), newest first.
create or replace function public.audit_entries(p_table text, p_from date, p_to date,
  p_limit integer, p_offset integer)
returns json
language sql stable
set search_path = ''
as $$
  with f as (
    select a.* from public.audit_log a
    where (p_table is null or a.table_name = p_table)
      and (p_from is null or a.created_at >= (p_from::timestamp at time zone 'Europe/Warsaw'))
      and (p_to is null or a.created_at < ((p_to + 1)::timestamp at time zone 'Europe/Warsaw'))
  )
  select json_build_object(
    'total', (select count(*) from f),
    'tables', coalesce((select json_agg(distinct a.table_name order by a.table_name) from public.audit_log a), '[]'::json),
    'entries', coalesce((select json_agg(json_build_object('id', x.id, 'actor', x.actor,
      'actor_name', (select nullif(p.display_name, '') from public.profiles p where p.id = x.actor),
      'actor_role', x.actor_role, 'table_name', x.table_name, 'row_id', x.row_id,
      'action', x.action, 'before', x.before, 'after', x.after, 'at', x.created_at)
      order by x.created_at desc, x.id desc)
      from (select * from f order by f.created_at desc, f.id desc
            limit least(greatest(coalesce(p_limit, 50), 1), 200)
            offset greatest(coalesce(p_offset, 0), 0)) x), '[]'::json)
  )
$$;

-- "Zgłoś nadużycie": one report per browser and need; three open reports hide the
-- need until an organizer reviews it. SECURITY DEFINER: anon writes no table directly. The
-- need's row lock serialises concurrent reports so the third one hides it exactly once.
create or replace function private.report_abuse(p_need uuid, p_device_hash text, p_reason text,
  p_rate_buckets text[], p_rate_limits jsonb)
returns json
language plpgsql security definer
set search_path = ''
as $$
declare
  v_new integer;
  v_open integer;
begin
  perform 1 from public.needs n
  where n.id = p_need and private.is_public_need(n.status, n.hidden_at)
  for update;
  if not found then
    raise exception using errcode = 'MZ404', message = 'need_not_public';
  end if;
  perform private.take_rate_slot(p_rate_buckets, p_rate_limits);
  insert into public.need_abuse_reports (need_id, device_hash, reason)
  values (p_need, p_device_hash, coalesce(p_reason, 'other'))
  on conflict (need_id, device_hash) do nothing;
  get diagnostics v_new = row_count;
  select count(*) into v_open from public.need_abuse_reports a
  where a.need_id = p_need and a.reviewed_at is null;
  if v_open >= 3 then
    update public.needs set hidden_at = now(), hidden_reason = 'abuse_reports' where id = p_need;
  end if;
  return json_build_object('reported', true, 'counted', v_new = 1, 'hidden', v_open >= 3);
end
$$;
revoke all on function private.report_abuse(uuid, text, text, text[], jsonb) from public;
grant execute on function private.report_abuse(uuid, text, text, text[], jsonb) to anon, authenticated;

revoke all on function public.moderate_need(uuid, text, text, boolean),
  public.merge_needs(uuid, uuid, text), public.set_need_hidden(uuid, boolean),
  public.edit_need_text(uuid, text, text), public.set_photo_hidden(uuid, boolean),
  public.enter_need(jsonb), public.moderation_queue(text, text), public.moderation_need(uuid),
  public.similar_needs_staff(uuid, integer),
  public.audit_entries(text, date, date, integer, integer) from public;
grant execute on function public.moderate_need(uuid, text, text, boolean),
  public.merge_needs(uuid, uuid, text), public.set_need_hidden(uuid, boolean),
  public.edit_need_text(uuid, text, text), public.set_photo_hidden(uuid, boolean),
  public.enter_need(jsonb), public.moderation_queue(text, text), public.moderation_need(uuid),
  public.similar_needs_staff(uuid, integer),
  public.audit_entries(text, date, date, integer, integer) to authenticated, service_role;

-- Public functions of earlier migrations, restated with private.is_public_need.
create or replace function public.village_summaries(p_region text)
returns json
language sql stable
set search_path = ''
as $$
  select coalesce(json_agg(json_build_object(
    'id', l.id,
    'name', l.name,
    'slug', l.slug,
    'solectwa', coalesce((
      select json_agg(s.name order by s.name)
      from public.solectwo_localities sl join public.solectwa s on s.id = sl.solectwo_id
      where sl.locality_id = l.id), '[]'::json),
    'address_points', l.address_point_count,
    'resources', (select count(*) from public.resources x where x.locality_id = l.id and x.status = 'published'),
    'needs', (select count(*) from public.needs x where x.locality_id = l.id and private.is_public_need(x.status, x.hidden_at)),
    'population', l.population,
    'population_year', l.population_year,
    'label_lon', round(extensions.st_x(l.point)::numeric, 6),
    'label_lat', round(extensions.st_y(l.point)::numeric, 6),
    'bbox', json_build_array(
      round(extensions.st_xmin(l.area)::numeric, 6), round(extensions.st_ymin(l.area)::numeric, 6),
      round(extensions.st_xmax(l.area)::numeric, 6), round(extensions.st_ymax(l.area)::numeric, 6))
  ) order by l.name), '[]'::json)
  from public.localities l
  join public.regions r on r.id = l.region_id
  where r.slug = p_region
$$;

create or replace function public.needs_geojson(p_region text, p_category text, p_village text, p_status text)
returns json
language plpgsql stable
set search_path = ''
as $$
begin
  perform private.check_filters(p_region, 'need', p_category, p_village);
  return (select json_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(json_agg(json_build_object(
      'type', 'Feature',
      'geometry', extensions.st_asgeojson(x.point, 6)::json,
      'properties', json_build_object(
        'id', x.id,
        'ref', x.ref,
        'kind', x.kind,
        'category', x.category,
        'category_label', c.label_pl,
        'title', x.title,
        'status', x.status,
        'support_count', x.support_count,
        'locality', l.name,
        'locality_slug', l.slug,
        'demo', x.is_demo)
    ) order by x.created_at desc), '[]'::json)
  )
  from public.needs x
  join public.regions r on r.id = x.region_id
  join public.need_categories c on c.slug = x.category
  left join public.localities l on l.id = x.locality_id
  where r.slug = p_region
    and private.is_public_need(x.status, x.hidden_at)
    and (p_category is null or x.category = p_category)
    and (p_village is null or l.slug = p_village)
    and (p_status is null or x.status = p_status));
end
$$;

create or replace function public.similar_needs(p_region text, p_lon double precision,
  p_lat double precision, p_category text, p_text text, p_limit integer)
returns json
language sql stable
set search_path = ''
as $$
  with here as (
    select extensions.st_setsrid(extensions.st_makepoint(p_lon, p_lat), 4326)::extensions.geography as g
  ),
  candidates as (
    select n.id, n.ref, n.title, n.category, n.support_count,
      round(extensions.st_distance(n.point::extensions.geography, here.g))::integer as distance_m,
      extensions.similarity(private.fold(n.title), private.fold(coalesce(p_text, ''))) as sim
    from public.needs n
    join public.regions r on r.id = n.region_id
    cross join here
    where r.slug = p_region and private.is_public_need(n.status, n.hidden_at)
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

create or replace function private.set_device_support(p_need uuid, p_device_hash text, p_on boolean)
returns json
language plpgsql security definer
set search_path = ''
as $$
declare
  v_count integer;
begin
  if not exists (select 1 from public.needs n where n.id = p_need and private.is_public_need(n.status, n.hidden_at)) then
    raise exception using errcode = 'MZ404', message = 'need_not_public';
  end if;
  if p_on then
    insert into public.need_supports (need_id, device_hash) values (p_need, p_device_hash)
    on conflict (need_id, device_hash) do nothing;
  else
    delete from public.need_supports s where s.need_id = p_need and s.device_hash = p_device_hash;
  end if;
  select n.support_count into v_count from public.needs n where n.id = p_need;
  return json_build_object('supported', p_on, 'support_count', v_count);
end
$$;

-- The reporter's status link also says when the need is hidden for review, and where a merged
-- need went (the kept need's ref and village, for a link to the map when it is public).
create or replace function private.need_status(p_token_hash text)
returns json
language sql stable security definer
set search_path = ''
as $$
  select json_build_object(
    'ref', n.ref,
    'status', n.status,
    'title', n.title,
    'kind', n.kind,
    'category', n.category,
    'category_label', c.label_pl,
    'created_at', n.created_at,
    'hidden', n.hidden_at is not null,
    'merged_into_ref', (select m.ref from public.needs m where m.id = n.merged_into),
    'merged_into_village', (select l.slug from public.needs m join public.localities l on l.id = m.locality_id
      where m.id = n.merged_into and private.is_public_need(m.status, m.hidden_at)),
    'timeline', coalesce((
      select json_agg(json_build_object('status', e.status, 'note', e.note, 'at', e.created_at)
        order by e.created_at, e.id)
      from public.need_events e where e.need_id = n.id and e.is_public), '[]'::json),
    'photo_key', (select ph.storage_key from public.need_photos ph
      where ph.need_id = n.id and not ph.hidden and private.is_public_need(n.status, n.hidden_at))
  )
  from private.need_status_tokens t
  join public.needs n on n.id = t.need_id
  join public.need_categories c on c.slug = n.category
  where t.token_hash = p_token_hash
$$;
