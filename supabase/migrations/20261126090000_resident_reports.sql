-- Resident reports: photos, public timeline, private status links, idempotent
-- submission with rate limits, anonymous supports and duplicate hints.

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
create index need_events_need_idx on public.need_events (need_id, created_at);

-- Unguessable status links: only the SHA-256 of the token is stored.
create table private.need_status_tokens (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  need_id uuid not null unique references public.needs (id) on delete cascade
);

-- Idempotency-Key (IETF draft): a key is bound to the hash of its first payload.
create table private.idempotency_keys (
  key text primary key check (char_length(key) between 8 and 128),
  request_hash text not null check (request_hash ~ '^[0-9a-f]{64}$'),
  need_id uuid not null references public.needs (id) on delete cascade,
  created_at timestamptz not null default now()
);

-- Sliding-window rate limits on public writes; buckets are hashes of device tokens and IPs.
create table private.rate_events (
  bucket text not null,
  at timestamptz not null default now()
);
create index rate_events_bucket_at_idx on private.rate_events (bucket, at);

alter table private.need_status_tokens enable row level security;
alter table private.idempotency_keys enable row level security;
alter table private.rate_events enable row level security;
revoke all on private.need_status_tokens, private.idempotency_keys, private.rate_events
  from anon, authenticated;

alter table public.need_photos enable row level security;
alter table public.need_events enable row level security;
revoke all on public.need_photos, public.need_events from anon, authenticated;

-- Photos: public only for public needs and when not hidden; "unpublished needs never expose
-- their photos". Staff see all; editors hide them.
grant select on public.need_photos to anon;
grant select, update on public.need_photos to authenticated;
create policy need_photos_read_anon on public.need_photos for select to anon
  using (not hidden and exists (
    select 1 from public.needs n where n.id = need_id and private.is_public_need_status(n.status)));
create policy need_photos_read on public.need_photos for select to authenticated
  using ((select private.is_staff()) or (not hidden and exists (
    select 1 from public.needs n where n.id = need_id and private.is_public_need_status(n.status))));
create policy need_photos_update on public.need_photos for update to authenticated
  using ((select private.is_editor())) with check ((select private.is_editor()));

grant select (id, need_id, status, note, created_at) on public.need_events to anon;
grant select, insert on public.need_events to authenticated;
create policy need_events_read_anon on public.need_events for select to anon
  using (is_public and exists (
    select 1 from public.needs n where n.id = need_id and private.is_public_need_status(n.status)));
create policy need_events_read on public.need_events for select to authenticated
  using ((select private.is_staff()) or (is_public and exists (
    select 1 from public.needs n where n.id = need_id and private.is_public_need_status(n.status))));
create policy need_events_insert on public.need_events for insert to authenticated
  with check ((select private.is_editor()));

-- Every status change is recorded, so the timeline cannot miss one.
create or replace function private.record_need_event() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' or new.status is distinct from old.status then
    insert into public.need_events (need_id, status, created_by)
    values (new.id, new.status, auth.uid());
  end if;
  return null;
end
$$;
revoke all on function private.record_need_event() from public, anon, authenticated;
create trigger needs_events after insert or update of status on public.needs
  for each row execute function private.record_need_event();

-- Raises MZ429 when a bucket is over a limit; otherwise records the event. Limits are
-- [{count, seconds}]; DETAIL carries the seconds until a slot frees (Retry-After).
create or replace function private.take_rate_slot(p_buckets text[], p_limits jsonb)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_bucket text;
  v_limit record;
  v_count integer;
  v_oldest timestamptz;
begin
  if p_limits is null or jsonb_array_length(p_limits) = 0 then
    return;
  end if;
  foreach v_bucket in array p_buckets loop
    -- Serialises concurrent requests of one bucket so the count is exact.
    perform pg_advisory_xact_lock(hashtext('rate:' || v_bucket));
    for v_limit in select * from jsonb_to_recordset(p_limits) as x(count integer, seconds integer) loop
      select count(*), min(e.at) into v_count, v_oldest
      from private.rate_events e
      where e.bucket = v_bucket and e.at > now() - make_interval(secs => v_limit.seconds);
      if v_count >= v_limit.count then
        raise exception using errcode = 'MZ429', message = 'rate_limited',
          detail = greatest(1, ceil(extract(epoch from (v_oldest + make_interval(secs => v_limit.seconds) - now()))))::text;
      end if;
    end loop;
  end loop;
  insert into private.rate_events (bucket) select unnest(p_buckets);
  delete from private.rate_events e
  where e.bucket = any (p_buckets) and e.at < now() - interval '2 days';
end
$$;

-- The one write path for resident reports (form action and POST /api/needs). SECURITY DEFINER
-- because a report spans tables anon may not touch (contacts, tokens, keys); it checks
-- everything itself and runs in the request's transaction, so a rejection leaves nothing behind.
-- p: {region, kind, category, title, description, lon, lat, village, contact_email,
--     contact_phone, consent_text, idempotency_key, request_hash, token_hash, rate_buckets,
--     rate_limits, photo: {storage_key, width, height, bytes} | null}
create or replace function private.submit_need(p jsonb)
returns json
language plpgsql security definer
set search_path = ''
as $$
declare
  v_region_id bigint;
  v_point extensions.geometry;
  v_existing record;
  v_need_id uuid;
  v_ref text;
begin
  perform pg_advisory_xact_lock(hashtext('idem:' || (p ->> 'idempotency_key')));
  select k.request_hash, n.ref, n.id into v_existing
  from private.idempotency_keys k join public.needs n on n.id = k.need_id
  where k.key = p ->> 'idempotency_key';
  if found then
    if v_existing.request_hash <> p ->> 'request_hash' then
      raise exception using errcode = 'MZ409', message = 'idempotency_key_reused';
    end if;
    return json_build_object('need_id', v_existing.id, 'ref', v_existing.ref, 'replayed', true);
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
  if not exists (select 1 from public.regions r
                 where r.id = v_region_id and extensions.st_covers(r.boundary, v_point)) then
    raise exception using errcode = 'MZ422', message = 'point_outside_region';
  end if;
  if not exists (select 1 from public.need_categories c where c.slug = p ->> 'category') then
    raise exception using errcode = 'MZ422', message = 'unknown_category';
  end if;

  perform private.take_rate_slot(
    array(select jsonb_array_elements_text(coalesce(p -> 'rate_buckets', '[]'::jsonb))),
    p -> 'rate_limits');

  insert into public.needs (region_id, kind, category, title, description, point, created_by)
  values (v_region_id, p ->> 'kind', p ->> 'category', p ->> 'title',
    coalesce(p ->> 'description', ''), v_point, auth.uid())
  returning id, ref into v_need_id, v_ref;

  if nullif(p ->> 'contact_email', '') is not null or nullif(p ->> 'contact_phone', '') is not null then
    insert into public.need_contacts (need_id, email, phone, consent_text)
    values (v_need_id, nullif(p ->> 'contact_email', ''), nullif(p ->> 'contact_phone', ''), p ->> 'consent_text');
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

-- What the reporter sees through their private link: public events only; the photo only once
-- the need is public and not hidden.
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
    'merged_into_ref', (select m.ref from public.needs m where m.id = n.merged_into),
    'timeline', coalesce((
      select json_agg(json_build_object('status', e.status, 'note', e.note, 'at', e.created_at)
        order by e.created_at, e.id)
      from public.need_events e where e.need_id = n.id and e.is_public), '[]'::json),
    'photo_key', (select ph.storage_key from public.need_photos ph
      where ph.need_id = n.id and not ph.hidden and private.is_public_need_status(n.status))
  )
  from private.need_status_tokens t
  join public.needs n on n.id = t.need_id
  join public.need_categories c on c.slug = n.category
  where t.token_hash = p_token_hash
$$;

-- One support per device (hashed token) per need; a published need only. Returns the new count.
create or replace function private.set_device_support(p_need uuid, p_device_hash text, p_on boolean)
returns json
language plpgsql security definer
set search_path = ''
as $$
declare
  v_count integer;
begin
  if not exists (select 1 from public.needs n where n.id = p_need and private.is_public_need_status(n.status)) then
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

revoke all on function private.take_rate_slot(text[], jsonb), private.submit_need(jsonb),
  private.need_status(text), private.set_device_support(uuid, text, boolean) from public;
grant execute on function private.submit_need(jsonb), private.need_status(text),
  private.set_device_support(uuid, text, boolean) to anon, authenticated;

-- Duplicate hints: published needs of the same category within 300 m, then
-- text-similar ones (pg_trgm) anywhere in the region. SECURITY INVOKER: RLS applies.
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
    where r.slug = p_region and private.is_public_need_status(n.status)
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
revoke all on function public.similar_needs(text, double precision, double precision, text, text, integer) from public;
grant execute on function public.similar_needs(text, double precision, double precision, text, text, integer)
  to anon, authenticated, service_role;

-- Server-side secret for HMACs (status links derived from idempotency keys, hashed device tokens
-- and IP addresses). Generated once per database; readable only by the owner.
create table private.app_secrets (
  name text primary key,
  value text not null check (char_length(value) >= 32)
);
alter table private.app_secrets enable row level security;
revoke all on private.app_secrets from anon, authenticated;
insert into private.app_secrets (name, value)
values ('hmac', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
on conflict (name) do nothing;

-- Whether the caller may see a photo (RLS on need_photos decides); used by the photo route.
create or replace function public.photo_visible(p_storage_key text)
returns boolean
language sql stable
set search_path = ''
as $$
  select exists (select 1 from public.need_photos p where p.storage_key = p_storage_key)
$$;
revoke all on function public.photo_visible(text) from public;
grant execute on function public.photo_visible(text) to anon, authenticated, service_role;
