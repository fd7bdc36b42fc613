-- Guarded public writes. On Supabase the anon key is public, so whatever `anon` or a signed-in
-- resident may write through PostgREST skips everything the app checks (rate limits, honeypot,
-- idempotency key, status link). Every public write therefore goes through one SECURITY DEFINER
-- function in `private`, and three things live in the database, not in the caller:
--
-- 1. Who is asking. The app server signs each guarded call's context (the browser's device hash,
--    the client's IP hash, a timestamp) with the per-database secret in private.app_secrets,
--    HMAC-SHA-256 (RFC 2104). private.trusted_request() checks the signature and the age, so a
--    direct caller can neither choose a device nor pretend to be another network.
-- 2. How much is allowed. Limits are rows of private.rate_rules, written by the owner (the app
--    copies its RATE_LIMIT_* settings there at start), never arguments of a call.
-- 3. Which browsers exist. A device is registered on its first guarded write, and new devices
--    per network are limited, so inventing identities costs real effort.

-- Sliding-window rate limits on public writes; buckets are hashes of device tokens and IPs.
create table private.rate_events (
  bucket text not null,
  at timestamptz not null default now()
);
comment on table private.rate_events is 'One row per rate-limited write, per bucket, for sliding-window limits.';

create index rate_events_bucket_at_idx on private.rate_events (bucket, at);

select private.lock_table('private.rate_events');

-- Raises MZ429 when a bucket is over a limit; otherwise records the event. Limits are
-- [{count, seconds}]; DETAIL carries the seconds until a slot frees (Retry-After).
create or replace function private.take_rate_slot(p_buckets text[], p_limits jsonb)
returns void language plpgsql set search_path = '' as $$
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

-- Sliding-window limits per scope: [{count, seconds}, …]. An empty array switches a scope off
-- (an operator's choice, e.g. for load tests); a missing scope refuses every call (fail closed).
create table private.rate_rules (
  scope text primary key check (scope ~ '^[a-z][a-z_]{0,39}$'),
  limits jsonb not null check (jsonb_typeof(limits) = 'array'),
  updated_at timestamptz not null default now()
);

select private.lock_table('private.rate_rules');

comment on table private.rate_rules is
  'Rate limits of the guarded public writes, per scope: [{count, seconds}]. Written by the owner only.';

insert into private.rate_rules (scope, limits) values
  -- Resident reports: per browser, and roomier per network (a hall shares one address).
  ('report_device', '[{"count": 5, "seconds": 600}, {"count": 20, "seconds": 86400}]'),
  ('report_ip', '[{"count": 30, "seconds": 600}, {"count": 200, "seconds": 86400}]'),
  -- Volunteer sign-ups use the report limits in their own buckets.
  ('volunteer_device', '[{"count": 5, "seconds": 600}, {"count": 20, "seconds": 86400}]'),
  ('volunteer_ip', '[{"count": 30, "seconds": 600}, {"count": 200, "seconds": 86400}]'),
  -- "Zgłoś nadużycie": generous for people, a wall for scripts.
  ('abuse_device', '[{"count": 10, "seconds": 600}, {"count": 50, "seconds": 86400}]'),
  ('abuse_ip', '[{"count": 30, "seconds": 600}, {"count": 200, "seconds": 86400}]'),
  -- "Popieram" toggles per browser.
  ('support_device', '[{"count": 60, "seconds": 600}, {"count": 300, "seconds": 86400}]'),
  -- New browser identities per network: a full hall fits, a script does not.
  ('device_new_ip', '[{"count": 120, "seconds": 600}, {"count": 600, "seconds": 86400}]'),
  -- Live consultation answers: per browser and per network, per session.
  ('consultation_device', '[{"count": 10, "seconds": 600}]'),
  ('consultation_ip', '[{"count": 600, "seconds": 600}]')
on conflict (scope) do nothing;

-- Takes one slot of `p_scope` for `p_key` (a device or IP hash) or raises MZ429 (DETAIL = seconds
-- until a slot frees). The limits come from private.rate_rules only.
create or replace function private.take_rate(p_scope text, p_key text)
returns void language plpgsql security definer set search_path = '' as $$
declare
  v_limits jsonb;
begin
  select r.limits into v_limits from private.rate_rules r where r.scope = p_scope;
  if v_limits is null then
    raise exception using errcode = '42501', message = 'unknown_rate_scope', detail = p_scope;
  end if;
  if p_key is null or p_key !~ '^[0-9a-f]{64}$' then
    raise exception using errcode = '42501', message = 'untrusted_request';
  end if;
  perform private.take_rate_slot(array[p_scope || ':' || p_key], v_limits);
end
$$;

-- The context of a guarded call, signed by the app server:
--   {d: device hash (64 hex) or null, i: IP hash (64 hex), t: unix seconds, s: signature}
-- s = hex(HMAC-SHA-256(secret, 'request|' || coalesce(d, '') || '|' || i || '|' || t)).
-- Returns the verified hashes; raises 42501 when the signature is wrong or the context is older
-- than five minutes (or from the future), so a leaked context is useless soon after.
create or replace function private.trusted_request(p_ctx jsonb, out device_hash text, out ip_hash text)
language plpgsql stable security definer set search_path = '' as $$
declare
  v_secret text;
  v_t bigint;
  v_expected text;
begin
  if p_ctx is null or jsonb_typeof(p_ctx) <> 'object'
     or coalesce(p_ctx ->> 'i', '') !~ '^[0-9a-f]{64}$'
     or (p_ctx ->> 'd' is not null and p_ctx ->> 'd' !~ '^[0-9a-f]{64}$')
     or coalesce(p_ctx ->> 't', '') !~ '^[0-9]{1,12}$'
     or coalesce(p_ctx ->> 's', '') !~ '^[0-9a-f]{64}$' then
    raise exception using errcode = '42501', message = 'untrusted_request';
  end if;
  v_t := (p_ctx ->> 't')::bigint;
  if abs(extract(epoch from now()) - v_t) > 300 then
    raise exception using errcode = '42501', message = 'untrusted_request', detail = 'expired';
  end if;
  select s.value into v_secret from private.app_secrets s where s.name = 'hmac';
  v_expected := encode(extensions.hmac(
    convert_to('request|' || coalesce(p_ctx ->> 'd', '') || '|' || (p_ctx ->> 'i') || '|' || (p_ctx ->> 't'), 'UTF8'),
    convert_to(v_secret, 'UTF8'), 'sha256'), 'hex');
  if v_expected is distinct from p_ctx ->> 's' then
    raise exception using errcode = '42501', message = 'untrusted_request';
  end if;
  device_hash := p_ctx ->> 'd';
  ip_hash := p_ctx ->> 'i';
end
$$;

-- Browsers that have written through a guarded function, with the network they first came from.
create table private.devices (
  device_hash text primary key check (device_hash ~ '^[0-9a-f]{64}$'),
  first_ip_hash text not null check (first_ip_hash ~ '^[0-9a-f]{64}$'),
  first_seen timestamptz not null default now()
);

create index devices_first_ip_idx on private.devices (first_ip_hash, first_seen);

select private.lock_table('private.devices');

comment on table private.devices is
  'Browsers (hashed device cookies) seen by guarded public writes, with the hashed network of their first write.';

-- Records the device of a verified context on its first guarded write; a new device takes a slot
-- of `device_new_ip` for its network (MZ429 when a network mints identities too fast).
create or replace function private.register_device(p_device_hash text, p_ip_hash text)
returns boolean language plpgsql security definer set search_path = '' as $$
declare
  v_new integer;
begin
  if p_device_hash is null then
    raise exception using errcode = '42501', message = 'device_required';
  end if;
  if exists (select 1 from private.devices d where d.device_hash = p_device_hash) then
    return false;
  end if;
  perform private.take_rate('device_new_ip', p_ip_hash);
  insert into private.devices (device_hash, first_ip_hash) values (p_device_hash, p_ip_hash)
  on conflict (device_hash) do nothing;
  get diagnostics v_new = row_count;
  return v_new = 1;
end
$$;

-- The verified browser and network of a guarded write that needs a browser (supports, abuse
-- reports): checks the signed context (42501 when it names no device), registers the device and
-- takes one slot of the device's scope p_scope (MZ429 when it is over its limit).
create or replace function private.trusted_device(p_ctx jsonb, p_scope text,
  out device_hash text, out ip_hash text)
language plpgsql security definer set search_path = '' as $$
begin
  select t.device_hash, t.ip_hash into device_hash, ip_hash from private.trusted_request(p_ctx) t;
  if device_hash is null then
    raise exception using errcode = '42501', message = 'device_required';
  end if;
  perform private.register_device(device_hash, ip_hash);
  perform private.take_rate(p_scope, device_hash);
end
$$;

-- The rate slots of a guarded write by the browser and network of a verified context
-- (private.trusted_request): the browser's in `<p_kind>_device` when the context names one
-- (registered on its first guarded write), then the network's in `<p_kind>_ip`. MZ429 when either
-- is over its limit.
create function private.take_request_rates(p_kind text, p_device_hash text, p_ip_hash text)
returns void language plpgsql set search_path = '' as $$
begin
  if p_device_hash is not null then
    perform private.register_device(p_device_hash, p_ip_hash);
    perform private.take_rate(p_kind || '_device', p_device_hash);
  end if;
  perform private.take_rate(p_kind || '_ip', p_ip_hash);
end
$$;

revoke all on function private.take_rate_slot(text[],jsonb), private.take_rate(text,text),
  private.trusted_request(jsonb), private.register_device(text,text),
  private.trusted_device(jsonb,text), private.take_request_rates(text,text,text)
  from public, anon, authenticated, service_role;

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.take_rate_slot(text[],jsonb) is 'Takes one slot in each bucket or raises MZ429 with the seconds to wait.';
comment on function private.take_rate(text,text) is 'Takes one slot of a rate_rules scope for a device or network hash.';
comment on function private.trusted_request(jsonb) is 'Verifies the request context signed by the app server and returns its hashes.';
comment on function private.register_device(text,text) is 'Registers a browser on its first guarded write, limiting new devices per network.';
comment on function private.take_request_rates(text,text,text) is 'Takes the device (if any) and network rate slots of a guarded write.';
comment on function private.trusted_device(jsonb,text) is 'Verifies a signed context that names a browser, registers it and takes one slot of its scope.';
