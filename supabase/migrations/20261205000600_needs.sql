-- Needs and ideas reported by residents: the public part, the reporter's private contact, photos,
-- the public timeline, private status links, supports ("Popieram"), idempotent submission and
-- duplicate hints. Need statuses follow the moderation workflow (private.need_transition_allowed);
-- a need is public once published and while not hidden (private.is_public_need).

create table public.needs (
  id uuid primary key default gen_random_uuid(),
  ref text unique,
  region_id bigint not null references public.regions (id) on delete cascade,
  kind text not null check (kind in ('need', 'idea')),
  category text not null references public.need_categories (slug),
  title text not null check (char_length(btrim(title)) between 3 and 120),
  description text not null default '' check (char_length(description) <= 2000),
  point extensions.geometry(Point, 4326) not null,
  locality_id bigint references public.localities (id) on delete set null,
  status text not null default 'new' check (status in (
    'new', 'published', 'in_analysis', 'planned', 'in_progress', 'done',
    'rejected', 'merged')),
  support_count integer not null default 0 check (support_count >= 0),
  entered_by_organizer boolean not null default false,
  merged_into uuid references public.needs (id) on delete set null,
  is_demo boolean not null default false,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Hidden needs (three abuse reports, or an organizer) leave every public view until reviewed.
  hidden_at timestamptz,
  hidden_reason text check (hidden_reason in ('abuse_reports', 'moderator')),
  -- A live consultation answer is a need tagged with its session (set only by
  -- private.submit_need); the foreign key is declared with public.consultations.
  consultation_id uuid
);
comment on table public.needs is 'Needs and ideas reported by residents or entered by organizers.';

create index needs_region_idx on public.needs (region_id);

create index needs_category_idx on public.needs (category);

create index needs_locality_idx on public.needs (locality_id);

create index needs_status_idx on public.needs (status);

create index needs_merged_into_idx on public.needs (merged_into);

create index needs_point_idx on public.needs using gist (point);

-- The order of the GeoJSON pages (public.needs_geojson): newest first, by region.
create index needs_newest_idx on public.needs (region_id, created_at desc, ref desc);

-- Contact data of the reporter: its own table, never granted to anon (RODO: personal data).
create table public.need_contacts (
  need_id uuid primary key references public.needs (id) on delete cascade,
  email text check (char_length(email) <= 254),
  phone text check (char_length(phone) <= 40),
  consent_text text not null,
  consented_at timestamptz not null default now(),
  -- The reporter's language, so status e-mails and their links are in it.
  locale text not null default 'pl' check (locale in ('pl', 'en')),
  check (num_nonnulls(email, phone) >= 1)
);
comment on table public.need_contacts is 'The reporter''s contact and consent; personal data, editors only.';

-- One support per browser (hashed device token) or per account.
create table public.need_supports (
  id bigint generated always as identity primary key,
  need_id uuid not null references public.needs (id) on delete cascade,
  device_hash text check (device_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid,
  created_at timestamptz not null default now(),
  check (num_nonnulls(device_hash, user_id) = 1),
  unique (need_id, device_hash),
  unique (need_id, user_id)
);
comment on table public.need_supports is 'Supports of needs: one per browser (hashed device) or per account.';

-- Per-region, per-year counter behind human references such as KR-2026-0042.
create table private.need_ref_counters (
  region_id bigint not null references public.regions (id) on delete cascade,
  year integer not null,
  last_value integer not null default 0,
  primary key (region_id, year)
);
comment on table private.need_ref_counters is 'Per-region, per-year counters behind need references such as KR-2026-0042.';

-- Statuses in which a need is public (public only once published; later
-- steps of the moderation workflow stay public).
-- No SET clause, unlike every other function here: PostgreSQL inlines only a SQL function
-- without one (src/backend/optimizer/util/clauses.c, inline_function), and RLS and the public
-- queries call this predicate once per row. Its body names no schema object, only built-in
-- operators, which pg_catalog resolves first whatever the search_path. tests/db/schema-rules.ts
-- lists the two predicates that may do this, and tests/db/need-counts.spec.ts checks the plans.
create or replace function private.is_public_need_status(p_status text) returns boolean
language sql immutable parallel safe as $$
  select p_status in ('published', 'in_analysis', 'planned', 'in_progress', 'done')
$$;

-- Human references such as KR-2026-0042, from a per-region, per-year counter. Report numbers
-- never run out: the counter is padded to at least four digits and never cut (lpad truncates
-- longer text, so report 10,000 would have reused KR-2026-1000).
create or replace function private.assign_need_ref() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_year integer := extract(year from now())::integer;
  v_next integer;
  v_prefix text;
begin
  -- A request never chooses its reference: a chosen future number would collide with the
  -- counter and block every later report. Owner scripts (imports) may keep theirs.
  if new.ref is not null and coalesce(auth.role(), '') not in ('anon', 'authenticated') then
    return new;
  end if;
  select r.ref_prefix into v_prefix from public.regions r where r.id = new.region_id;
  -- The counter row lock serialises concurrent reports; a number an owner import already used
  -- is skipped rather than reused.
  loop
    insert into private.need_ref_counters as c (region_id, year, last_value)
    values (new.region_id, v_year, 1)
    on conflict (region_id, year) do update set last_value = c.last_value + 1
    returning last_value into v_next;
    new.ref := v_prefix || '-' || v_year || '-' ||
      case when v_next < 10000 then lpad(v_next::text, 4, '0') else v_next::text end;
    exit when not exists (select 1 from public.needs n where n.ref = new.ref);
  end loop;
  return new;
end
$$;

-- Exact counts under concurrency: the row lock taken by UPDATE serialises concurrent supports
-- of one need (100 parallel supports give exactly 100).
create or replace function private.count_support() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    update public.needs set support_count = support_count + 1 where id = new.need_id;
  else
    update public.needs set support_count = greatest(support_count - 1, 0) where id = old.need_id;
  end if;
  return null;
end
$$;

create trigger needs_place before insert or update of point, region_id on public.needs
  for each row execute function private.place_item();

create trigger needs_ref before insert on public.needs
  for each row execute function private.assign_need_ref();

create trigger needs_touch before update on public.needs
  for each row execute function private.touch_updated_at();

create trigger need_supports_count after insert or delete on public.need_supports
  for each row execute function private.count_support();

select private.lock_table('public.needs');
grant select (id, ref, region_id, kind, category, title, description, point, locality_id, status,
  support_count, entered_by_organizer, merged_into, is_demo, created_at, updated_at, hidden_at,
  consultation_id) on public.needs to anon;
grant update, delete on public.needs to authenticated;
grant select (id, ref, region_id, kind, category, title, description, point, locality_id, status,
  support_count, entered_by_organizer, merged_into, is_demo, created_at, updated_at, hidden_at,
  hidden_reason, consultation_id) on public.needs to authenticated;
grant insert (region_id, kind, category, title, description, point, status, entered_by_organizer,
  created_by) on public.needs to authenticated;

select private.lock_table('public.need_contacts');
grant select, insert, update, delete on public.need_contacts to authenticated;

select private.lock_table('public.need_supports');
grant select on public.need_supports to authenticated;

select private.lock_table('private.need_ref_counters');

create policy needs_update on public.needs for update to authenticated
  using ((select private.is_editor())) with check ((select private.is_editor()));

create policy needs_delete on public.needs for delete to authenticated using ((select private.is_admin()));
create policy need_contacts_read on public.need_contacts for select to authenticated using ((select private.is_editor()));
create policy need_contacts_insert on public.need_contacts for insert to authenticated with check ((select private.is_editor()));
create policy need_contacts_update on public.need_contacts for update to authenticated
  using ((select private.is_editor())) with check ((select private.is_editor()));

create policy need_contacts_delete on public.need_contacts for delete to authenticated using ((select private.is_editor()));
create policy need_supports_read on public.need_supports for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_staff()));

-- Public needs as GeoJSON (the open API), filtered by category, village, status and a bounding
-- box (west, south, east, north in degrees, EPSG:4326), newest first, one page of at most p_limit
-- (1 to 10,000) at a time, so no request has to carry every need of a large region. When more
-- follow, the collection ends with the foreign member "next_after" (RFC 7946 §6.1): the ref of
-- its last need, which p_after takes to continue from there (keyset paging on created_at and
-- ref, as fast on the last page as on the first, and stable while needs are added).
create or replace function public.needs_geojson(p_region text, p_category text, p_village text,
  p_status text, p_bbox double precision[] default null, p_limit integer default 1000,
  p_after text default null)
returns json language plpgsql stable set search_path = '' as $$
declare
  v_region bigint := (select r.id from public.regions r where r.slug = p_region);
  v_box extensions.geometry;
  v_after_at timestamptz;
  v_page json;
  v_more boolean;
  v_last text;
begin
  perform private.check_filters(p_region, 'need', p_category, p_village);
  v_box := private.geojson_page_box(p_bbox, p_limit);
  if p_after is not null then
    select n.created_at into v_after_at from public.needs n
    where n.ref = p_after and private.is_public_need(n.status, n.hidden_at);
    if not found then
      raise exception using errcode = '22023', message = format('unknown need in after: %s', p_after);
    end if;
  end if;
  select private.geojson_collection(json_agg(f.feature order by f.rn) filter (where f.rn <= p_limit)),
    count(*) > p_limit, max(f.ref) filter (where f.rn = p_limit)
  into v_page, v_more, v_last
  from (
    select row_number() over (order by x.created_at desc, x.ref desc) as rn, x.ref,
      private.geojson_feature(x.point, json_build_object(
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
        'demo', x.is_demo)) as feature
    from public.needs x
    join public.need_categories c on c.slug = x.category
    left join public.localities l on l.id = x.locality_id
    -- The region's id, not a join: the pages then walk needs_newest_idx and stop at the limit.
    where x.region_id = v_region
      and private.is_public_need(x.status, x.hidden_at)
      and (p_category is null or x.category = p_category)
      and (p_village is null or l.slug = p_village)
      and (p_status is null or x.status = p_status)
      and (v_box is null or x.point operator(extensions.&&) v_box)
      and (p_after is null or (x.created_at, x.ref) < (v_after_at, p_after))
    order by x.created_at desc, x.ref desc
    limit p_limit + 1
  ) f;
  if v_more then
    return json_build_object('type', 'FeatureCollection', 'features', v_page -> 'features',
      'next_after', v_last);
  end if;
  return v_page;
end
$$;

create table public.need_photos (
  need_id uuid primary key references public.needs (id) on delete cascade,
  storage_key text not null unique check (storage_key ~ '^[a-z0-9][a-z0-9/_-]{0,120}\.(jpg|webp)$'),
  width integer not null check (width between 1 and 1600),
  height integer not null check (height between 1 and 1600),
  bytes integer not null check (bytes > 0),
  -- Hidden by an organizer (privacy edit): never served publicly.
  hidden boolean not null default false,
  created_at timestamptz not null default now()
);
comment on table public.need_photos is 'The photo of a need (stored file key and size); organizers may hide it.';

-- Public status changes and organizer replies shown on the reporter's status page.
create table public.need_events (
  id bigint generated always as identity primary key,
  need_id uuid not null references public.needs (id) on delete cascade,
  status text not null,
  note text check (char_length(note) <= 2000),
  is_public boolean not null default true,
  created_by uuid,
  created_at timestamptz not null default now()
);
comment on table public.need_events is 'Status changes and organizer notes of a need, public or internal.';

create index need_events_need_idx on public.need_events (need_id, created_at);

-- Unguessable status links: only the SHA-256 of the token is stored.
create table private.need_status_tokens (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  need_id uuid not null unique references public.needs (id) on delete cascade
);
comment on table private.need_status_tokens is 'SHA-256 of each reporter''s private status link token.';

-- Idempotency-Key (IETF draft "The Idempotency-Key HTTP Header Field") of the residents' guarded
-- writes: a key is bound to the hash of its first payload and to what that payload created, a
-- need (private.submit_need) or a comment (private.submit_comment; `comment_id` gets its foreign
-- key in the comments migration, which creates public.need_comments).
create table private.idempotency_keys (
  key text primary key check (char_length(key) between 8 and 128),
  request_hash text not null check (request_hash ~ '^[0-9a-f]{64}$'),
  need_id uuid references public.needs (id) on delete cascade,
  comment_id bigint,
  created_at timestamptz not null default now(),
  check (num_nonnulls(need_id, comment_id) = 1)
);
comment on table private.idempotency_keys is 'Idempotency keys of submitted reports and comments, bound to the hash of their first payload.';

select private.lock_table('private.need_status_tokens');

select private.lock_table('private.idempotency_keys');

select private.lock_table('public.need_photos');
grant select on public.need_photos to anon;
grant select, update on public.need_photos to authenticated;

select private.lock_table('public.need_events');
grant select (id, need_id, status, note, created_at) on public.need_events to anon;
grant insert on public.need_events to authenticated;
grant select (id, need_id, status, note, is_public,
  created_at) on public.need_events to authenticated;

create policy need_photos_update on public.need_photos for update to authenticated
  using ((select private.is_editor())) with check ((select private.is_editor()));

create policy need_events_insert on public.need_events for insert to authenticated with check ((select private.is_editor()));

-- Every status change is recorded, so the timeline cannot miss one. The event carries the
-- moderator's note, passed by public.moderate_need and public.merge_needs through
-- transaction-local settings (a trigger has no parameters).
create or replace function private.record_need_event() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' or new.status is distinct from old.status then
    insert into public.need_events (need_id, status, note, is_public, created_by)
    values (new.id, new.status, nullif(btrim(coalesce(current_setting('mzp.need_note', true), '')), ''),
      coalesce(current_setting('mzp.need_note_public', true), '') <> 'off', auth.uid());
  end if;
  return null;
end
$$;

create trigger needs_events after insert or update of status on public.needs
  for each row execute function private.record_need_event();

-- Where a new need is: the label point of the village p.village names, else the point p.lon,
-- p.lat; MZ422 for a village the region does not have. Shared by the resident's report and the
-- organizer's assisted entry.
create or replace function private.need_point(p_region_id bigint, p jsonb)
returns extensions.geometry language plpgsql stable set search_path = '' as $$
declare
  v_point extensions.geometry;
begin
  if nullif(p ->> 'village', '') is null then
    return extensions.st_setsrid(extensions.st_makepoint(
      (p ->> 'lon')::double precision, (p ->> 'lat')::double precision), 4326);
  end if;
  select l.point into v_point from public.localities l
  where l.region_id = p_region_id and l.slug = p ->> 'village';
  if v_point is null then
    raise exception using errcode = 'MZ422', message = 'unknown_village';
  end if;
  return v_point;
end
$$;
select private.grant_execute('authenticated, service_role', 'private.need_point(bigint,jsonb)');

-- The Idempotency-Key rule of the residents' guarded writes (IETF draft "The Idempotency-Key HTTP
-- Header Field"), for p {idempotency_key, request_hash}: takes the key's transaction lock, so two
-- requests with one key run one after the other, and answers the row the key's first request
-- stored (all nulls for a new key). A key first used for another payload is MZ409.
create function private.idempotent_first(p jsonb) returns private.idempotency_keys
language plpgsql set search_path = '' as $$
declare
  v private.idempotency_keys;
begin
  perform pg_advisory_xact_lock(hashtext('idem:' || (p ->> 'idempotency_key')));
  select * into v from private.idempotency_keys k where k.key = p ->> 'idempotency_key';
  if found and v.request_hash <> p ->> 'request_hash' then
    raise exception using errcode = 'MZ409', message = 'idempotency_key_reused';
  end if;
  return v;
end
$$;

revoke all on function private.idempotent_first(jsonb) from public, anon, authenticated, service_role;

comment on function private.idempotent_first(jsonb) is 'Locks an idempotency key and answers what its first request stored; MZ409 for another payload.';

-- The one write path for resident reports and live consultation answers (form actions and
-- POST /api/needs). SECURITY DEFINER because a report spans tables anon may not touch (contacts,
-- tokens, keys); it checks everything itself and runs in the request's transaction, so a
-- rejection leaves nothing behind. p: {ctx (the request context signed by the app server, see
-- private.trusted_request), region, kind, category, title, description, lon, lat, village,
-- consultation (a session code), contact_email, contact_phone, consent_text, locale,
-- idempotency_key, request_hash, token_hash, photo: {storage_key, width, height, bytes} | null}.
-- A consultation answer is tagged with its session, refused outside the session's window, takes
-- one of the session's categories (its own, or one of the organizer's choices) and is published at
-- once unless the session holds answers for moderation.
-- Limits (private.rate_rules):
--   a report:               report_device (when the context has a device) and report_ip;
--   a consultation answer:  consultation_device and consultation_ip, keyed by the session, so a
--                           hall behind one Wi-Fi address answers while one phone is still
--                           limited, and one session never spends another's budget. An answer
--                           needs a device (the answer form always issues one).
-- A device is registered on its first guarded write (new devices per network are limited).
create or replace function private.submit_need(p jsonb)
returns json language plpgsql security definer set search_path = '' as $$
declare
  v_ctx record;
  v_region_id bigint;
  v_point extensions.geometry;
  v_first private.idempotency_keys;
  v_need_id uuid;
  v_ref text;
  v_consultation uuid;
  v_hold boolean := true;
  v_categories text[];
begin
  -- First: an unsigned call learns nothing, not even whether an idempotency key exists.
  select t.device_hash, t.ip_hash into v_ctx from private.trusted_request(p -> 'ctx') t;

  v_first := private.idempotent_first(p);
  if v_first.key is not null then
    return json_build_object('need_id', v_first.need_id,
      'ref', (select n.ref from public.needs n where n.id = v_first.need_id), 'replayed', true);
  end if;

  v_region_id := private.region_id(p ->> 'region');

  if nullif(p ->> 'consultation', '') is not null then
    select c.id, c.hold, c.category || c.choices into v_consultation, v_hold, v_categories
    from public.consultations c
    where c.region_id = v_region_id and c.code = upper(p ->> 'consultation')
      and c.status = 'open' and now() >= c.starts_at and now() < c.ends_at;
    if v_consultation is null then
      raise exception using errcode = 'MZ410', message = 'consultation_closed';
    end if;
  end if;

  v_point := private.need_point(v_region_id, p);
  if not exists (select 1 from public.regions r
                 where r.id = v_region_id and extensions.st_covers(r.boundary, v_point)) then
    raise exception using errcode = 'MZ422', message = 'point_outside_region';
  end if;
  if not exists (select 1 from public.need_categories c where c.slug = p ->> 'category')
     or (v_consultation is not null and not (p ->> 'category') = any (v_categories)) then
    raise exception using errcode = 'MZ422', message = 'unknown_category';
  end if;

  -- Slots are taken in this transaction: a rejected report gives its slots back.
  if v_consultation is not null then
    perform private.register_device(v_ctx.device_hash, v_ctx.ip_hash);
    perform private.take_rate('consultation_device',
      encode(sha256(convert_to(v_consultation::text || '|' || v_ctx.device_hash, 'UTF8')), 'hex'));
    perform private.take_rate('consultation_ip',
      encode(sha256(convert_to(v_consultation::text || '|' || v_ctx.ip_hash, 'UTF8')), 'hex'));
  else
    perform private.take_request_rates('report', v_ctx.device_hash, v_ctx.ip_hash);
  end if;

  insert into public.needs (region_id, kind, category, title, description, point, created_by,
    consultation_id, status)
  values (v_region_id, p ->> 'kind', p ->> 'category', p ->> 'title',
    coalesce(p ->> 'description', ''), v_point, auth.uid(), v_consultation,
    case when v_consultation is not null and not v_hold then 'published' else 'new' end)
  returning id, ref into v_need_id, v_ref;

  if nullif(p ->> 'contact_email', '') is not null or nullif(p ->> 'contact_phone', '') is not null then
    insert into public.need_contacts (need_id, email, phone, consent_text, locale)
    values (v_need_id, nullif(p ->> 'contact_email', ''), nullif(p ->> 'contact_phone', ''),
      p ->> 'consent_text', case when p ->> 'locale' = 'en' then 'en' else 'pl' end);
  end if;

  if p -> 'photo' is not null and jsonb_typeof(p -> 'photo') = 'object' then
    insert into public.need_photos (need_id, storage_key, width, height, bytes)
    values (v_need_id, p -> 'photo' ->> 'storage_key', (p -> 'photo' ->> 'width')::integer,
      (p -> 'photo' ->> 'height')::integer, (p -> 'photo' ->> 'bytes')::integer);
  end if;

  insert into private.need_status_tokens (token_hash, need_id) values (p ->> 'token_hash', v_need_id);
  insert into private.idempotency_keys (key, request_hash, need_id)
  values (p ->> 'idempotency_key', p ->> 'request_hash', v_need_id);

  return json_build_object('need_id', v_need_id, 'ref', v_ref, 'replayed', false);
end
$$;

-- "Popieram" (p_on) or withdrawing it, for the browser of a signed context. The device must be
-- one the app issued (a context without a device is refused with 42501), new devices per network
-- and toggles per device are rate-limited (MZ429), and the network is recorded privately in
-- private.support_origins. The count trigger on need_supports (private.count_support) keeps
-- needs.support_count exact: its row lock on the need serialises concurrent supports.
create function private.set_device_support(p_need uuid, p_ctx jsonb, p_on boolean)
returns json language plpgsql security definer set search_path = '' as $$
declare
  v_device text;
  v_ip text;
  v_new integer;
  v_count integer;
begin
  -- Locks in one order everywhere (network, device, then the need's row), so concurrent
  -- supports and abuse reports never wait on each other in a cycle. A refusal rolls back the
  -- whole call, slots included.
  select t.device_hash, t.ip_hash into v_device, v_ip
  from private.trusted_device(p_ctx, 'support_device') t;
  if not exists (select 1 from public.needs n where n.id = p_need and private.is_public_need(n.status, n.hidden_at)) then
    raise exception using errcode = 'MZ404', message = 'need_not_public';
  end if;
  if p_on then
    insert into public.need_supports (need_id, device_hash) values (p_need, v_device)
    on conflict (need_id, device_hash) do nothing;
    get diagnostics v_new = row_count;
    if v_new = 1 then
      insert into private.support_origins (need_id, device_hash, ip_hash) values (p_need, v_device, v_ip);
    end if;
  else
    delete from public.need_supports s where s.need_id = p_need and s.device_hash = v_device;
  end if;
  select n.support_count into v_count from public.needs n where n.id = p_need;
  return json_build_object('supported', p_on, 'support_count', v_count);
end
$$;

-- Whether the caller may see a photo (RLS on need_photos decides); used by the photo route.
create or replace function public.photo_visible(p_storage_key text)
returns boolean language sql stable set search_path = '' as $$
  select exists (select 1 from public.need_photos p where p.storage_key = p_storage_key)
$$;

create trigger needs_audit after insert or update or delete on public.needs
  for each row execute function private.audit_row();

create trigger need_photos_audit after insert or update or delete on public.need_photos
  for each row execute function private.audit_row();

create index needs_hidden_idx on public.needs (hidden_at) where hidden_at is not null;

-- Public = a public status and not hidden: what every policy and public function checks.
-- Inlined like is_public_need_status (no SET clause), so a policy or a filter becomes the plain
-- expression and an index on (status, hidden_at) can serve it.
create or replace function private.is_public_need(p_status text, p_hidden_at timestamptz)
returns boolean
language sql immutable parallel safe
as $$ select p_status in ('published', 'in_analysis', 'planned', 'in_progress', 'done')
  and p_hidden_at is null $$;

create policy needs_read_anon on public.needs for select to anon using (private.is_public_need(status, hidden_at));
create policy needs_read on public.needs for select to authenticated
  using (private.is_public_need(status, hidden_at) or created_by = (select auth.uid()) or (select private.is_staff()));

create policy need_photos_read_anon on public.need_photos for select to anon
  using (not hidden and exists (
    select 1 from public.needs n where n.id = need_id and private.is_public_need(n.status, n.hidden_at)));

create policy need_photos_read on public.need_photos for select to authenticated
  using ((select private.is_staff()) or (not hidden and exists (
    select 1 from public.needs n where n.id = need_id and private.is_public_need(n.status, n.hidden_at))));

create policy need_events_read_anon on public.need_events for select to anon
  using (is_public and exists (
    select 1 from public.needs n where n.id = need_id and private.is_public_need(n.status, n.hidden_at)));

create policy need_events_read on public.need_events for select to authenticated
  using ((select private.is_staff()) or (is_public and exists (
    select 1 from public.needs n where n.id = need_id and private.is_public_need(n.status, n.hidden_at))));

-- Public needs and their supports per village and category, kept exact by a trigger in the
-- same transaction as every change of a need: the village list (/, /zglos) and presentation
-- mode read these few rows instead of counting the needs table, so their cost does not grow with
-- the number of reports. Only public needs are counted, so the table is public data.
create table public.locality_need_counts (
  locality_id bigint not null references public.localities (id) on delete cascade,
  category text not null references public.need_categories (slug) on delete cascade,
  needs integer not null default 0 check (needs >= 0),
  supports integer not null default 0 check (supports >= 0),
  primary key (locality_id, category)
);
comment on table public.locality_need_counts is 'Public needs and their supports per village and category, kept exact by private.count_public_need.';

create index locality_need_counts_category_idx on public.locality_need_counts (category);

select private.lock_table('public.locality_need_counts');
grant select on public.locality_need_counts to anon, authenticated;
create policy locality_need_counts_read on public.locality_need_counts for select
  to anon, authenticated using (true);

-- Moves a need's contribution: out of its old (village, category) when it was public, into its
-- new one when it is public now. Upserts, so concurrent changes add up exactly.
create or replace function private.count_public_need() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'UPDATE' and (old.status, old.hidden_at, old.locality_id, old.category,
      old.support_count) is not distinct from (new.status, new.hidden_at, new.locality_id,
      new.category, new.support_count) then
    return null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') and old.locality_id is not null
    and private.is_public_need(old.status, old.hidden_at) then
    update public.locality_need_counts
      set needs = needs - 1, supports = supports - old.support_count
      where locality_id = old.locality_id and category = old.category;
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.locality_id is not null
    and private.is_public_need(new.status, new.hidden_at) then
    insert into public.locality_need_counts as c (locality_id, category, needs, supports)
      values (new.locality_id, new.category, 1, new.support_count)
      on conflict (locality_id, category) do update
      set needs = c.needs + 1, supports = c.supports + excluded.supports;
  end if;
  return null;
end
$$;

-- On every update, not "update of …": a BEFORE trigger (needs_place) sets locality_id when the
-- point moves, and "update of" looks only at the columns the UPDATE statement names.
create trigger needs_public_counts after insert or update or delete on public.needs
  for each row execute function private.count_public_need();

-- Public needs still open, by village and supports: presentation mode's "top needs" read three
-- rows per village from here instead of sorting every public need.
create index needs_public_open_top_idx on public.needs (locality_id, support_count desc, created_at)
  where status in ('published', 'in_analysis', 'planned', 'in_progress') and hidden_at is null;

-- The status workflow: new → published → in_analysis → planned → in_progress → done,
-- forward steps may skip; rejected on the way (until work starts)
-- or merged (a duplicate may be found late); a rejection may be reopened for review. Owner
-- scripts (imports, seeds) are not restricted.
create or replace function private.need_transition_allowed(p_from text, p_to text) returns boolean
language sql immutable parallel safe set search_path = '' as $$
  select p_from = p_to or exists (
    select 1 from (values
      ('new', 'published'), ('new', 'rejected'), ('new', 'merged'),
      ('published', 'in_analysis'), ('published', 'planned'),
      ('published', 'in_progress'), ('published', 'done'),
      ('published', 'rejected'), ('published', 'merged'),
      ('in_analysis', 'planned'), ('in_analysis', 'in_progress'), ('in_analysis', 'done'),
      ('in_analysis', 'rejected'), ('in_analysis', 'merged'),
      ('planned', 'in_progress'), ('planned', 'done'), ('planned', 'rejected'),
      ('planned', 'merged'),
      ('in_progress', 'done'), ('in_progress', 'merged'),
      ('rejected', 'new')
    ) as t (f, s)
    where t.f = p_from and t.s = p_to)
$$;

create or replace function private.check_need_transition() returns trigger
language plpgsql set search_path = '' as $$
begin
  if coalesce(auth.role(), '') in ('anon', 'authenticated')
     and not private.need_transition_allowed(old.status, new.status) then
    raise exception using errcode = 'MZ422', message = 'transition_not_allowed',
      detail = format('%s -> %s', old.status, new.status);
  end if;
  if new.status = 'merged' and (new.merged_into is null or new.merged_into = new.id) then
    raise exception using errcode = 'MZ422', message = 'merge_target_required';
  end if;
  if new.status <> 'merged' then
    new.merged_into := null;
  end if;
  return new;
end
$$;

create trigger needs_transition before update of status, merged_into on public.needs
  for each row execute function private.check_need_transition();

-- Duplicate hints for the report form: public needs of the same category within 300 m, then
-- text-similar ones (pg_trgm) among the 1,000 public needs nearest to the point (all of them in a
-- gmina of ordinary size). SECURITY INVOKER: RLS applies. Bounded at any number of needs: the
-- 300 m search reads the GiST index in a box around the point (0.003° of latitude is more than
-- 300 m, and the box is widened by 1/cos(latitude) for longitude), the text search only the
-- nearest 1,000 (a k-nearest-neighbour walk of the same index), so a short common word never
-- compares the whole table.
create or replace function public.similar_needs(p_region text, p_lon double precision,
  p_lat double precision, p_category text, p_text text, p_limit integer)
returns json language sql stable set search_path = '' as $$
  with candidates as (
    select n.id, n.ref, n.title, n.category, n.support_count,
      round(extensions.st_distance(n.point::extensions.geography,
        extensions.st_setsrid(extensions.st_makepoint(p_lon, p_lat), 4326)::extensions.geography))::integer as distance_m,
      extensions.similarity(private.fold(n.title), private.fold(coalesce(p_text, ''))) as sim
    from public.needs n
    where n.id in (
      select x.id from public.needs x
      where x.region_id = (select r.id from public.regions r where r.slug = p_region)
        and private.is_public_need(x.status, x.hidden_at) and x.category = p_category
        and x.point operator(extensions.&&) extensions.st_expand(
          extensions.st_setsrid(extensions.st_makepoint(p_lon, p_lat), 4326),
          0.003 / cos(radians(least(abs(p_lat), 89))))
      union all
      select y.id from (
        select x.id from public.needs x
        where char_length(coalesce(p_text, '')) >= 4
          and x.region_id = (select r.id from public.regions r where r.slug = p_region)
          and private.is_public_need(x.status, x.hidden_at)
        order by x.point operator(extensions.<->) extensions.st_setsrid(extensions.st_makepoint(p_lon, p_lat), 4326)
        limit 1000
      ) y
    )
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

-- What the reporter sees through their private link: public events only; the public photo only
-- once the need is public and not hidden; their own text, place and photo also before
-- publication ("own_photo": they took it, so they see it while it is hidden too); whether the
-- need is public (for a link to its page) or hidden for review; and where a merged need went.
-- Nobody without the token sees these: the token's hash is the only way in.
create or replace function private.need_status(p_token_hash text)
returns json language sql stable security definer set search_path = '' as $$
  select json_build_object(
    'ref', n.ref,
    'status', n.status,
    'title', n.title,
    'description', n.description,
    'kind', n.kind,
    'category', n.category,
    'category_label', c.label_pl,
    'created_at', n.created_at,
    'hidden', n.hidden_at is not null,
    'public', private.is_public_need(n.status, n.hidden_at),
    'lon', round(extensions.st_x(n.point)::numeric, 6),
    'lat', round(extensions.st_y(n.point)::numeric, 6),
    'locality', (select json_build_object('name', l.name, 'slug', l.slug)
      from public.localities l where l.id = n.locality_id),
    'merged_into_ref', (select m.ref from public.needs m where m.id = n.merged_into),
    'merged_into_village', (select l.slug from public.needs m join public.localities l on l.id = m.locality_id
      where m.id = n.merged_into and private.is_public_need(m.status, m.hidden_at)),
    'merged_into_public', (select private.is_public_need(m.status, m.hidden_at)
      from public.needs m where m.id = n.merged_into),
    'timeline', coalesce((
      select json_agg(json_build_object('status', e.status, 'note', e.note, 'at', e.created_at)
        order by e.created_at, e.id)
      from public.need_events e where e.need_id = n.id and e.is_public), '[]'::json),
    'photo_key', (select ph.storage_key from public.need_photos ph
      where ph.need_id = n.id and not ph.hidden and private.is_public_need(n.status, n.hidden_at)),
    'own_photo_key', (select ph.storage_key from public.need_photos ph where ph.need_id = n.id)
  )
  from private.need_status_tokens t
  join public.needs n on n.id = t.need_id
  join public.need_categories c on c.slug = n.category
  where t.token_hash = p_token_hash
$$;

create index needs_consultation_idx on public.needs (consultation_id) where consultation_id is not null;

create policy needs_insert on public.needs for insert to authenticated with check ((select private.is_editor()));

-- The network each current support came from. One row per support: withdrawing the support
-- deletes it through the foreign key (a merge carries it to the kept need, see move_supports), so
-- the figures describe live supports.
create table private.support_origins (
  need_id uuid not null,
  device_hash text not null,
  ip_hash text not null check (ip_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  primary key (need_id, device_hash),
  foreign key (need_id, device_hash) references public.need_supports (need_id, device_hash)
    on delete cascade
);

create index support_origins_network_idx on private.support_origins (need_id, ip_hash, created_at);

select private.lock_table('private.support_origins');

comment on table private.support_origins is
  'Hashed network of each device support, for staff warnings about bursts. Never readable by request roles.';

-- Every foreign key's columns lead an index on the referencing table (tests/db/schema-rules.ts).
-- private.idempotency_keys.need_id had none: deleting a need (on delete cascade) scanned the whole
-- table of idempotency keys to find the rows to remove.
create index idempotency_keys_need_idx on private.idempotency_keys (need_id);

select private.grant_execute('anon, authenticated, service_role',
  'private.is_public_need_status(text)', 'public.photo_visible(text)',
  'public.similar_needs(text,double precision,double precision,text,text,integer)',
  'private.is_public_need(text,timestamp with time zone)',
  'private.need_transition_allowed(text,text)', 'public.needs_geojson(text,text,text,text,double precision[],integer,text)');

revoke all on function private.count_support(), private.count_public_need(), private.record_need_event(),
  private.check_need_transition(), private.assign_need_ref()
  from public, anon, authenticated, service_role;

select private.grant_execute('anon, authenticated', 'private.need_status(text)',
  'private.submit_need(jsonb)', 'private.set_device_support(uuid,jsonb,boolean)');

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.is_public_need_status(text) is 'Whether a need status is public (published or later, not rejected or merged).';
comment on function private.assign_need_ref() is 'Trigger: gives a new need its reference, e.g. KR-2026-0042.';
comment on function private.count_support() is 'Trigger: keeps needs.support_count exact.';
comment on function private.count_public_need() is 'Trigger: keeps public.locality_need_counts exact.';
comment on function public.needs_geojson(text,text,text,text,double precision[],integer,text) is 'Public needs of a region as GeoJSON, by bounding box and in pages (keyset on created_at, ref).';
comment on function private.record_need_event() is 'Trigger: records every status change of a need in need_events.';
comment on function private.need_point(bigint,jsonb) is 'The point of a new need: its village''s label point or the given coordinates.';
comment on function private.submit_need(jsonb) is 'The one write path for resident reports and consultation answers.';
comment on function private.set_device_support(uuid,jsonb,boolean) is 'Supports a need or withdraws the support, for a signed browser.';
comment on function public.photo_visible(text) is 'Whether the caller may see a need photo.';
comment on function private.is_public_need(text,timestamp with time zone) is 'Whether a need is public: a public status and not hidden.';
comment on function private.need_transition_allowed(text,text) is 'Whether the moderation workflow allows a status change.';
comment on function private.check_need_transition() is 'Trigger: enforces the status workflow and the merge target.';
comment on function public.similar_needs(text,double precision,double precision,text,text,integer) is 'Public needs that may duplicate a new report: near and same category, or similar title.';
comment on function private.need_status(text) is 'What a reporter sees through their private status link, their own text, place and photo included.';
