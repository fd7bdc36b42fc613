-- Activities: partners, volunteer sign-ups, the need workflow that follows linked activities,
-- and the read/write functions of /panel/dzialania and the public /dzialania.

-- Activities of the CUS programme "Pobudzanie aktywności obywatelskiej": type, goals, a timed
-- start in one main village (more in activity_localities), a venue from the resource register
-- and, once held, the outcome.
create table public.activities (
  id uuid primary key default gen_random_uuid(),
  region_id bigint not null references public.regions (id) on delete cascade,
  title text not null check (char_length(title) between 3 and 200),
  description text not null default '' check (char_length(description) <= 4000),
  programme_category text not null check (programme_category in (
    'community_animation', 'community_education', 'civic_activation')),
  locality_id bigint references public.localities (id) on delete set null,
  status text not null default 'planned' constraint activities_status_check
    check (status in ('planned', 'confirmed', 'held', 'cancelled')),
  published boolean not null default false,
  is_demo boolean not null default false,
  created_by uuid,
  created_at timestamptz not null default now(),
  kind text not null default 'citizens_meeting' check (kind in (
    'citizens_meeting', 'local_partnership', 'community_event', 'volunteering',
    'self_help_group', 'public_consultation', 'workshop', 'social_campaign')),
  goals text[] not null default '{}' check (goals <@ array[
    'social_bonds', 'service_promotion', 'cultural_heritage', 'interests',
    'cultural_activity', 'entrepreneurship', 'social_campaigns']),
  starts_at timestamptz,
  ends_at timestamptz,
  venue_id uuid references public.resources (id) on delete set null,
  outcome_participants integer check (outcome_participants >= 0),
  -- Volunteers who helped on the day (counted by the organizer when closing the activity; the
  -- sign-ups in activity_volunteers are people, this is the count the yearly report sums).
  outcome_volunteers integer check (outcome_volunteers >= 0),
  outcome_notes text check (char_length(outcome_notes) <= 4000),
  updated_at timestamptz not null default now(),
  -- The revision of the activity's time, place and status: the iCalendar feed's SEQUENCE
  -- (RFC 5545 §3.8.7.4), kept by the activities_sequence trigger.
  sequence integer not null default 0 check (sequence >= 0),
  constraint activities_time_check check (ends_at is null or starts_at is null or ends_at >= starts_at)
);
comment on table public.activities is 'Activities of the CUS programme: type, goals, time, place, venue and outcome.';

create index activities_region_idx on public.activities (region_id);

create index activities_locality_idx on public.activities (locality_id);

select private.create_link_table('activity_needs', 'activity_id', 'public.activities',
  'need_id', 'public.needs', 'Which needs an activity addresses.');

select private.lock_table('public.activities');
grant select (id, region_id, title, description, programme_category, locality_id, status, published,
  is_demo, created_at, kind, goals, starts_at, ends_at, venue_id, outcome_participants,
  outcome_volunteers, updated_at, sequence) on public.activities to anon;
grant insert, update, delete on public.activities to authenticated;
grant select (id, region_id, title, description, programme_category, locality_id, status, published,
  is_demo, created_at, kind, goals, starts_at, ends_at, venue_id, outcome_participants,
  outcome_volunteers, outcome_notes, updated_at, sequence) on public.activities to authenticated;

select private.lock_table('public.activity_needs');
grant select on public.activity_needs to anon;
grant select, insert, update, delete on public.activity_needs to authenticated;

select private.create_editor_policies('activities', 'published');
create policy activity_needs_insert on public.activity_needs for insert to authenticated
  with check ((select private.is_editor()));

create policy activity_needs_update on public.activity_needs for update to authenticated
  using ((select private.is_editor())) with check ((select private.is_editor()));

create policy activity_needs_delete on public.activity_needs for delete to authenticated using ((select private.is_editor()));

create index activities_venue_idx on public.activities (venue_id);

create index activities_starts_idx on public.activities (starts_at);

create trigger activities_touch before update on public.activities
  for each row execute function private.touch_updated_at();

-- RFC 5545 §3.8.7.4: the organizer increments SEQUENCE with each significant revision (start,
-- end, location, status), and calendar apps apply an update only when its SEQUENCE is higher
-- than the copy they hold. So a moved, relocated or cancelled activity reaches subscribers of
-- /dzialania.ics; a corrected description or title alone does not need a new sequence. A
-- write cannot set the number itself: it always follows the old row.
create or replace function private.activity_sequence() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.sequence := old.sequence + case when
    (new.starts_at, new.ends_at, new.venue_id, new.locality_id, new.status)
      is distinct from (old.starts_at, old.ends_at, old.venue_id, old.locality_id, old.status)
    then 1 else 0 end;
  return new;
end
$$;

create trigger activities_sequence before update on public.activities
  for each row execute function private.activity_sequence();

-- An activity can serve several villages; activities.locality_id stays its main one.
select private.create_link_table('activity_localities', 'activity_id', 'public.activities',
  'locality_id', 'public.localities', 'Further villages an activity serves besides its main one.');

create trigger activities_audit after insert or update or delete on public.activities
  for each row execute function private.audit_row();

create trigger activity_needs_audit after insert or update or delete on public.activity_needs
  for each row execute function private.audit_row();

-- Partners: organisations, businesses and institutions from the resource register.
select private.create_link_table('activity_partners', 'activity_id', 'public.activities',
  'resource_id', 'public.resources', 'Partner organisations, businesses and institutions of an activity.');

-- The resource categories that can be a partner (organisation, business, institution). A
-- volunteer fire brigade (OSP) is registered by its station, and is an association in law.
create or replace function private.is_partner_category(p_category text) returns boolean
language sql immutable parallel safe set search_path = '' as $$
  select p_category in ('stowarzyszenie', 'kgw', 'osp', 'klub-sportowy', 'przedsiebiorstwo',
    'instytucja-publiczna', 'szkola', 'biblioteka', 'dom-kultury', 'parafia', 'agroturystyka')
$$;

-- A check constraint cannot look at another table; this trigger keeps partners to those kinds.
create or replace function private.check_partner() returns trigger
language plpgsql set search_path = '' as $$
begin
  if not exists (select 1 from public.resources r
                 where r.id = new.resource_id and private.is_partner_category(r.category)) then
    raise exception using errcode = '23514', message = 'not_a_partner',
      detail = 'A partner must be an organisation, a business or an institution.';
  end if;
  return new;
end
$$;

create trigger activity_partners_check before insert or update on public.activity_partners
  for each row execute function private.check_partner();

-- The further villages and the partners of an activity: read with a published activity (staff
-- read all), written by editors.
do $$
declare
  t text;
begin
  foreach t in array array['activity_localities', 'activity_partners']
  loop
    perform private.lock_table(format('public.%I', t)::regclass);
    execute format('grant select on public.%I to anon', t);
    execute format('grant select, insert, delete on public.%I to authenticated', t);
    execute format('create policy %I on public.%I for select to anon using (exists ('
      'select 1 from public.activities a where a.id = activity_id and a.published))', t || '_read_anon', t);
    execute format('create policy %I on public.%I for select to authenticated using ('
      '(select private.is_staff()) or exists ('
      'select 1 from public.activities a where a.id = activity_id and a.published))', t || '_read', t);
    execute format('create policy %I on public.%I for insert to authenticated '
      'with check ((select private.is_editor()))', t || '_insert', t);
    execute format('create policy %I on public.%I for delete to authenticated '
      'using ((select private.is_editor()))', t || '_delete', t);
    execute format('create trigger %I after insert or update or delete on public.%I '
      'for each row execute function private.audit_row()', t || '_audit', t);
  end loop;
end
$$;

-- Volunteers who sign up for a published activity. Their contact is personal data: no anon
-- grant at all, and only organizers and admins read it (council is read-only staff, but a
-- volunteer's phone number is not needed for oversight). Writes go through
-- private.volunteer_signup only.
create table public.activity_volunteers (
  id bigint generated always as identity primary key,
  activity_id uuid not null references public.activities (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 2 and 120),
  contact text not null check (char_length(btrim(contact)) between 5 and 254),
  consent_text text not null,
  created_at timestamptz not null default now()
);
comment on table public.activity_volunteers is 'Volunteers signed up for an activity; personal data, editors only.';

create index activity_volunteers_activity_idx on public.activity_volunteers (activity_id, created_at);

select private.lock_table('public.activity_volunteers');
grant select, delete on public.activity_volunteers to authenticated;

create policy activity_volunteers_read on public.activity_volunteers for select to authenticated
  using ((select private.is_editor()));

create policy activity_volunteers_delete on public.activity_volunteers for delete to authenticated
  using ((select private.is_editor()));

-- Linking a need to an activity plans it: published / in_analysis →
-- planned. An UPDATE of needs.status, so private.record_need_event records it in
-- need_events. SECURITY INVOKER: only an editor may link, and editors may update needs.
create or replace function private.plan_linked_need() returns trigger
language plpgsql set search_path = '' as $$
begin
  update public.needs set status = 'planned'
  where id = new.need_id and status in ('published', 'in_analysis');
  return null;
end
$$;

create trigger activity_needs_plan after insert on public.activity_needs
  for each row execute function private.plan_linked_need();

-- Whether an activity serves any of the localities: its main village or one of its further
-- villages (activity_localities, under the caller's RLS).
create or replace function private.activity_serves(p_activity uuid, p_main bigint, p_ids bigint[])
returns boolean language sql stable set search_path = '' as $$
  select p_main = any (p_ids) or exists (select 1 from public.activity_localities al
    where al.activity_id = p_activity and al.locality_id = any (p_ids))
$$;

-- One activity as the public sees it: only columns anon may read. SECURITY INVOKER: RLS decides
-- which venue, partners, villages and needs appear.
create or replace function private.activity_json(p_id uuid) returns jsonb
language sql stable set search_path = '' as $$
  select jsonb_build_object(
    'id', a.id, 'title', a.title, 'description', a.description, 'kind', a.kind,
    'programme_category', a.programme_category, 'goals', to_jsonb(a.goals), 'status', a.status,
    'published', a.published, 'starts_at', a.starts_at, 'ends_at', a.ends_at,
    'date', to_char(private.local_time(a.starts_at), 'YYYY-MM-DD'),
    'start_time', to_char(private.local_time(a.starts_at), 'HH24:MI'),
    'end_time', to_char(private.local_time(a.ends_at), 'HH24:MI'),
    'end_date', to_char(private.local_time(a.ends_at), 'YYYY-MM-DD'),
    'outcome_participants', a.outcome_participants,
    'outcome_volunteers', a.outcome_volunteers, 'updated_at', a.updated_at,
    'sequence', a.sequence,
    'locality', (select jsonb_build_object('id', l.id, 'slug', l.slug, 'name', l.name)
      from public.localities l where l.id = a.locality_id),
    'localities', coalesce((select jsonb_agg(jsonb_build_object('id', l.id, 'slug', l.slug, 'name', l.name) order by private.sort_key_pl(l.name))
      from public.activity_localities al join public.localities l on l.id = al.locality_id
      where al.activity_id = a.id), '[]'::jsonb),
    'venue', (select jsonb_build_object('id', r.id, 'name', r.name, 'address', r.address,
        'capacity', r.capacity, 'step_free', r.step_free,
        'lon', round(extensions.st_x(r.point)::numeric, 6), 'lat', round(extensions.st_y(r.point)::numeric, 6))
      from public.resources r where r.id = a.venue_id),
    'partners', coalesce((select jsonb_agg(jsonb_build_object('id', r.id, 'name', r.name, 'category', r.category) order by private.sort_key_pl(r.name))
      from public.activity_partners ap join public.resources r on r.id = ap.resource_id
      where ap.activity_id = a.id), '[]'::jsonb),
    'needs', coalesce((select jsonb_agg(jsonb_build_object('id', n.id, 'ref', n.ref, 'title', n.title, 'status', n.status) order by n.ref)
      from public.activity_needs an join public.needs n on n.id = an.need_id
      where an.activity_id = a.id), '[]'::jsonb),
    -- Where the activity is on the map: its venue, else its main village's label point.
    'lon', coalesce((select round(extensions.st_x(r.point)::numeric, 6) from public.resources r where r.id = a.venue_id),
      (select round(extensions.st_x(l.point)::numeric, 6) from public.localities l where l.id = a.locality_id)),
    'lat', coalesce((select round(extensions.st_y(r.point)::numeric, 6) from public.resources r where r.id = a.venue_id),
      (select round(extensions.st_y(l.point)::numeric, 6) from public.localities l where l.id = a.locality_id))
  )
  from public.activities a where a.id = p_id
$$;

-- Published activities of a region for /dzialania, the calendar, the map and the .ics feed:
-- starting in [p_from, p_to) (either may be null), optionally in one village (main or extra).
create or replace function public.public_activities(p_region text, p_village text,
  p_from timestamptz, p_to timestamptz, p_limit integer)
returns json language sql stable set search_path = '' as $$
  select coalesce(json_agg(private.activity_json(x.id) order by x.starts_at, x.title), '[]'::json)
  from (
    select a.id, a.starts_at, a.title
    from public.activities a
    join public.regions rg on rg.id = a.region_id
    where rg.slug = p_region and a.published and a.starts_at is not null
      and (p_from is null or a.starts_at >= p_from)
      and (p_to is null or a.starts_at < p_to)
      and (p_village is null or exists (
        select 1 from public.localities l
        where l.slug = p_village and l.region_id = rg.id
          and private.activity_serves(a.id, a.locality_id, array[l.id])))
    order by a.starts_at, a.title
    limit least(greatest(coalesce(p_limit, 200), 1), 1000)
  ) x
$$;

create or replace function public.public_activity(p_id uuid)
returns json language sql stable set search_path = '' as $$
  select private.activity_json(a.id)::json from public.activities a where a.id = p_id and a.published
$$;

-- The organizer's list (/panel/dzialania): all activities RLS shows, filtered by status/village.
create or replace function public.panel_activities(p_region text, p_status text, p_village text)
returns json language sql stable set search_path = '' as $$
  select coalesce(json_agg(private.activity_json(a.id)
      || jsonb_build_object('volunteers', (select count(*) from public.activity_volunteers v where v.activity_id = a.id))
      order by a.starts_at desc nulls first, a.title), '[]'::json)
  from public.activities a
  join public.regions rg on rg.id = a.region_id
  where rg.slug = p_region and (p_status is null or a.status = p_status)
    and (p_village is null or exists (
      select 1 from public.localities l
      where l.slug = p_village and l.region_id = rg.id
        and private.activity_serves(a.id, a.locality_id, array[l.id])))
$$;

-- One activity for the panel: the public shape plus the staff-only outcome notes and the
-- volunteers (RLS: organizers and admins only, so council gets an empty list).
create or replace function public.panel_activity(p_id uuid)
returns json language sql stable set search_path = '' as $$
  select (private.activity_json(a.id) || jsonb_build_object(
    'outcome_notes', a.outcome_notes,
    'volunteers', coalesce((select jsonb_agg(jsonb_build_object('id', v.id, 'name', v.name,
        'contact', v.contact, 'created_at', v.created_at) order by v.created_at, v.id)
      from public.activity_volunteers v where v.activity_id = a.id), '[]'::jsonb)))::json
  from public.activities a where a.id = p_id
$$;

-- What the activity form offers: villages, venues (any resource, with capacity and step-free
-- access), partners (organisations, businesses, institutions) and needs that can still be
-- planned (new or public and not finished), plus those already linked to p_activity.
create or replace function public.activity_form_options(p_region text, p_activity uuid)
returns json language sql stable set search_path = '' as $$
  select json_build_object(
    'localities', coalesce((select json_agg(json_build_object('id', l.id, 'slug', l.slug, 'name', l.name) order by private.sort_key_pl(l.name))
      from public.localities l where l.region_id = rg.id), '[]'::json),
    'venues', coalesce((select json_agg(json_build_object('id', r.id, 'name', r.name, 'category', r.category,
        'address', r.address, 'capacity', r.capacity, 'step_free', r.step_free, 'status', r.status,
        'locality', (select l.name from public.localities l where l.id = r.locality_id)) order by private.sort_key_pl(r.name))
      from public.resources r where r.region_id = rg.id and r.status <> 'archived'), '[]'::json),
    'partners', coalesce((select json_agg(json_build_object('id', r.id, 'name', r.name, 'category', r.category) order by private.sort_key_pl(r.name))
      from public.resources r where r.region_id = rg.id and r.status <> 'archived'
        and private.is_partner_category(r.category)), '[]'::json),
    'needs', coalesce((select json_agg(json_build_object('id', n.id, 'ref', n.ref, 'title', n.title,
        'status', n.status, 'locality_id', n.locality_id) order by n.ref)
      from public.needs n where n.region_id = rg.id and (
        n.status in ('new', 'published', 'in_analysis', 'planned', 'in_progress')
        or exists (select 1 from public.activity_needs an where an.need_id = n.id and an.activity_id = p_activity))), '[]'::json)
  )
  from public.regions rg where rg.slug = p_region
$$;

-- Creates (p.id null) or updates an activity with its villages, partners and needs in one go.
-- Times arrive as local wall-clock values (YYYY-MM-DDTHH:MI) and are read in Europe/Warsaw.
-- SECURITY INVOKER: RLS refuses anyone but organizers and admins (42501).
create or replace function public.save_activity(p jsonb)
returns uuid language plpgsql set search_path = '' as $$
declare
  v_id uuid := nullif(p ->> 'id', '')::uuid;
  v_region bigint;
  v_locality bigint;
  v_starts timestamptz := (nullif(p ->> 'starts_local', ''))::timestamp at time zone 'Europe/Warsaw';
  v_ends timestamptz := (nullif(p ->> 'ends_local', ''))::timestamp at time zone 'Europe/Warsaw';
  v_goals text[] := array(select jsonb_array_elements_text(coalesce(p -> 'goals', '[]'::jsonb)));
begin
  v_region := private.region_id(p ->> 'region');
  v_locality := private.area_id('locality', v_region, p ->> 'locality', '22023', 'unknown_village');

  if v_id is null then
    insert into public.activities (region_id, title, description, kind, programme_category, goals,
      starts_at, ends_at, venue_id, locality_id, status, published, created_by)
    values (v_region, btrim(p ->> 'title'), coalesce(p ->> 'description', ''), p ->> 'kind',
      p ->> 'programme_category', v_goals, v_starts, v_ends, nullif(p ->> 'venue_id', '')::uuid,
      v_locality, coalesce(p ->> 'status', 'planned'), coalesce((p ->> 'published')::boolean, true),
      auth.uid())
    returning id into v_id;
  else
    update public.activities set title = btrim(p ->> 'title'),
      description = coalesce(p ->> 'description', ''), kind = p ->> 'kind',
      programme_category = p ->> 'programme_category', goals = v_goals, starts_at = v_starts,
      ends_at = v_ends, venue_id = nullif(p ->> 'venue_id', '')::uuid, locality_id = v_locality,
      status = coalesce(p ->> 'status', status),
      published = coalesce((p ->> 'published')::boolean, published)
    where id = v_id and region_id = v_region;
    if not found then
      raise exception using errcode = 'MZ404', message = 'activity_not_found';
    end if;
  end if;

  -- Extra villages: the main one is not repeated.
  delete from public.activity_localities al where al.activity_id = v_id
    and al.locality_id not in (select l.id from public.localities l
      where l.region_id = v_region and l.slug in (select jsonb_array_elements_text(coalesce(p -> 'localities', '[]'::jsonb)))
        and l.id is distinct from v_locality);
  insert into public.activity_localities (activity_id, locality_id)
  select v_id, l.id from public.localities l
  where l.region_id = v_region and l.id is distinct from v_locality
    and l.slug in (select jsonb_array_elements_text(coalesce(p -> 'localities', '[]'::jsonb)))
  on conflict do nothing;

  delete from public.activity_partners ap where ap.activity_id = v_id
    and ap.resource_id::text not in (select jsonb_array_elements_text(coalesce(p -> 'partners', '[]'::jsonb)));
  insert into public.activity_partners (activity_id, resource_id)
  select v_id, x::uuid from jsonb_array_elements_text(coalesce(p -> 'partners', '[]'::jsonb)) x
  on conflict do nothing;

  -- Unlinking leaves the need's status as it is: a planned need stays planned until an
  -- organizer moderates it (the moderation area owns that workflow).
  delete from public.activity_needs an where an.activity_id = v_id
    and an.need_id::text not in (select jsonb_array_elements_text(coalesce(p -> 'needs', '[]'::jsonb)));
  insert into public.activity_needs (activity_id, need_id)
  select v_id, x::uuid from jsonb_array_elements_text(coalesce(p -> 'needs', '[]'::jsonb)) x
  on conflict do nothing;

  return v_id;
end
$$;

-- The outcome once the activity took place (attendance and the volunteers who helped);
-- optionally the linked needs are done.
-- Returns how many needs were moved to done (each move lands in need_events).
create or replace function public.complete_activity(p_id uuid, p_participants integer,
  p_notes text, p_close_needs boolean, p_volunteers integer default null)
returns integer language plpgsql set search_path = '' as $$
declare
  v_closed integer := 0;
begin
  update public.activities set status = 'held', outcome_participants = p_participants,
    outcome_volunteers = p_volunteers,
    outcome_notes = nullif(btrim(coalesce(p_notes, '')), '')
  where id = p_id;
  if not found then
    raise exception using errcode = 'MZ404', message = 'activity_not_found';
  end if;
  if coalesce(p_close_needs, false) then
    update public.needs n set status = 'done'
    where n.id in (select an.need_id from public.activity_needs an where an.activity_id = p_id)
      and n.status in ('published', 'in_analysis', 'planned', 'in_progress');
    get diagnostics v_closed = row_count;
  end if;
  return v_closed;
end
$$;

create or replace function public.cancel_activity(p_id uuid)
returns void language plpgsql set search_path = '' as $$
begin
  update public.activities set status = 'cancelled' where id = p_id;
  if not found then
    raise exception using errcode = 'MZ404', message = 'activity_not_found';
  end if;
end
$$;

-- Removes one volunteer (a request to erase their data, RODO art. 17). RLS: editors only;
-- returns whether a row went.
create or replace function public.remove_volunteer(p_activity uuid, p_id bigint)
returns boolean language sql set search_path = '' as $$
  with gone as (
    delete from public.activity_volunteers v where v.id = p_id and v.activity_id = p_activity
    returning 1)
  select exists (select 1 from gone)
$$;

-- The one write path for volunteers (anyone, no account). SECURITY DEFINER because anon has no
-- privilege on activity_volunteers at all; it checks the activity itself: published, not
-- cancelled, not over. Rate-limited per device and network (scopes volunteer_device and
-- volunteer_ip) from the signed context. p: {ctx, activity_id, name, contact, consent_text}
create or replace function private.volunteer_signup(p jsonb)
returns json language plpgsql security definer set search_path = '' as $$
declare
  v_ctx record;
  v_activity uuid;
begin
  select t.device_hash, t.ip_hash into v_ctx from private.trusted_request(p -> 'ctx') t;
  v_activity := (p ->> 'activity_id')::uuid;
  if not exists (select 1 from public.activities a where a.id = v_activity and a.published
                 and a.status in ('planned', 'confirmed')
                 and coalesce(a.ends_at, a.starts_at, now()) >= now()) then
    raise exception using errcode = 'MZ404', message = 'activity_not_open';
  end if;
  if char_length(btrim(coalesce(p ->> 'consent_text', ''))) = 0 then
    raise exception using errcode = 'MZ422', message = 'consent_missing';
  end if;
  perform private.take_request_rates('volunteer', v_ctx.device_hash, v_ctx.ip_hash);
  insert into public.activity_volunteers (activity_id, name, contact, consent_text)
  values (v_activity, btrim(p ->> 'name'), btrim(p ->> 'contact'), p ->> 'consent_text');
  return json_build_object('ok', true);
end
$$;

create policy activity_needs_read_anon on public.activity_needs for select to anon
  using (exists (
    select 1 from public.activities a join public.needs n on n.id = need_id
    where a.id = activity_id and a.published and private.is_public_need(n.status, n.hidden_at)));

create policy activity_needs_read on public.activity_needs for select to authenticated
  using ((select private.is_staff()) or exists (
    select 1 from public.activities a join public.needs n on n.id = need_id
    where a.id = activity_id and a.published and private.is_public_need(n.status, n.hidden_at)));

revoke all on function private.check_partner(), private.plan_linked_need(),
  private.activity_sequence() from public, anon, authenticated, service_role;

select private.grant_execute('anon, authenticated, service_role',
  'private.is_partner_category(text)', 'private.activity_json(uuid)',
  'private.activity_serves(uuid,bigint,bigint[])', 'public.public_activity(uuid)',
  'public.public_activities(text,text,timestamp with time zone,timestamp with time zone,integer)');

select private.grant_execute('anon, authenticated', 'private.volunteer_signup(jsonb)');

select private.grant_execute('authenticated, service_role',
  'public.panel_activities(text,text,text)', 'public.panel_activity(uuid)',
  'public.activity_form_options(text,uuid)', 'public.complete_activity(uuid,integer,text,boolean,integer)',
  'public.save_activity(jsonb)', 'public.cancel_activity(uuid)',
  'public.remove_volunteer(uuid,bigint)');

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.activity_serves(uuid,bigint,bigint[]) is 'Whether an activity serves any of the localities (main or further village).';
comment on function private.is_partner_category(text) is 'Whether a resource category can be an activity partner.';
comment on function private.check_partner() is 'Trigger: keeps activity partners to partner categories.';
comment on function private.activity_sequence() is 'Trigger: counts revisions of an activity''s time, place and status (iCalendar SEQUENCE).';
comment on function private.plan_linked_need() is 'Trigger: a need linked to an activity becomes planned.';
comment on function private.activity_json(uuid) is 'One activity as the public sees it.';
comment on function public.public_activities(text,text,timestamp with time zone,timestamp with time zone,integer) is 'Published activities of a region in a time range, optionally in one village.';
comment on function public.public_activity(uuid) is 'One published activity.';
comment on function public.panel_activities(text,text,text) is 'Activities of a region for the panel, with volunteer counts.';
comment on function public.panel_activity(uuid) is 'One activity for the panel, with outcome notes and volunteers.';
comment on function public.activity_form_options(text,uuid) is 'Villages, venues, partners and needs the activity form offers.';
comment on function public.save_activity(jsonb) is 'Creates or updates an activity with its villages, partners and needs.';
comment on function public.complete_activity(uuid,integer,text,boolean,integer) is 'Records the outcome of an activity (participants, volunteers); optionally completes its needs.';
comment on function public.cancel_activity(uuid) is 'Cancels an activity.';
comment on function public.remove_volunteer(uuid,bigint) is 'Removes a volunteer''s sign-up (erasure request).';
comment on function private.volunteer_signup(jsonb) is 'The one write path for volunteer sign-ups, for a signed browser.';
