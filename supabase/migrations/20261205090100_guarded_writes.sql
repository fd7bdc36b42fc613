-- Guarded public writes: on Supabase the anon key is public, so whatever `anon` or a signed-in
-- resident may write through PostgREST skips everything the app checks (rate limits, honeypot,
-- idempotency key, status link). Every public write therefore goes through one SECURITY DEFINER
-- function in `private`, and those functions take their limits from private.rate_rules and the
-- caller's device and network from a context signed by the app server (private.trusted_request,
-- 20261205090000_trusted_requests.sql), never from their arguments.

-- 1. No direct writes by request roles where a guarded function exists ------------------------

-- Needs (reports and live consultation answers): only private.submit_need writes them for the
-- public. Staff keep their SECURITY INVOKER paths (public.enter_need, moderation), which need the
-- authenticated column grant; the policy now admits editors only.
drop policy needs_insert_anon on public.needs;
revoke insert on public.needs from anon;
drop policy needs_insert on public.needs;
create policy needs_insert on public.needs for insert to authenticated
  with check ((select private.is_editor()));

-- Supports: a signed-in resident no longer inserts or deletes a support row directly (the count
-- would bypass the device registry and the limits of the support function). Editors may still
-- remove a support (e.g. one found to be fake); merges move supports through
-- private.move_supports.
drop policy need_supports_insert on public.need_supports;
revoke insert on public.need_supports from authenticated;
drop policy need_supports_delete on public.need_supports;
create policy need_supports_delete on public.need_supports for delete to authenticated
  using ((select private.is_editor()));

-- The whole class, whatever a platform's default privileges granted: `anon` writes no table of
-- `public` directly, and no request role may TRUNCATE (which ignores RLS), reference or add
-- triggers to one. need_contacts, need_photos, need_events, need_abuse_reports,
-- activity_volunteers and consultation answers (needs.consultation_id) had no public write grant
-- before; these statements keep it so.
revoke insert, update, delete, truncate, references, trigger on all tables in schema public from anon;
revoke truncate, references, trigger on all tables in schema public from authenticated;

-- 2. Reports and consultation answers ---------------------------------------------------------

-- private.submit_need as in 20261126120100_consultations.sql, except who may ask and how often:
-- p.ctx is the signed request context; p.rate_buckets and p.rate_limits of older callers are
-- ignored. Limits (private.rate_rules):
--   a report:               report_device (when the context has a device) and report_ip;
--   a consultation answer:  consultation_device and consultation_ip, keyed by the session, so a
--                           hall behind one Wi-Fi address answers while one phone is still
--                           limited, and one session never spends another's budget. An answer
--                           needs a device (the answer form always issues one).
-- A device is registered on its first guarded write (new devices per network are limited).
create or replace function private.submit_need(p jsonb)
returns json
language plpgsql security definer
set search_path = ''
as $$
declare
  v_ctx record;
  v_region_id bigint;
  v_point extensions.geometry;
  v_existing record;
  v_need_id uuid;
  v_ref text;
  v_consultation uuid;
  v_hold boolean := true;
begin
  -- First: an unsigned call learns nothing, not even whether an idempotency key exists.
  select t.device_hash, t.ip_hash into v_ctx from private.trusted_request(p -> 'ctx') t;

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

  if nullif(p ->> 'consultation', '') is not null then
    select c.id, c.hold into v_consultation, v_hold from public.consultations c
    where c.region_id = v_region_id and c.code = upper(p ->> 'consultation')
      and c.status = 'open' and now() >= c.starts_at and now() < c.ends_at;
    if v_consultation is null then
      raise exception using errcode = 'MZ410', message = 'consultation_closed';
    end if;
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

  -- Slots are taken in this transaction: a rejected report gives its slots back.
  if v_consultation is not null then
    perform private.register_device(v_ctx.device_hash, v_ctx.ip_hash);
    perform private.take_rate('consultation_device',
      encode(sha256(convert_to(v_consultation::text || '|' || v_ctx.device_hash, 'UTF8')), 'hex'));
    perform private.take_rate('consultation_ip',
      encode(sha256(convert_to(v_consultation::text || '|' || v_ctx.ip_hash, 'UTF8')), 'hex'));
  else
    if v_ctx.device_hash is not null then
      perform private.register_device(v_ctx.device_hash, v_ctx.ip_hash);
      perform private.take_rate('report_device', v_ctx.device_hash);
    end if;
    perform private.take_rate('report_ip', v_ctx.ip_hash);
  end if;

  insert into public.needs (region_id, kind, category, title, description, point, created_by,
    consultation_id, status)
  values (v_region_id, p ->> 'kind', p ->> 'category', p ->> 'title',
    coalesce(p ->> 'description', ''), v_point, auth.uid(), v_consultation,
    case when v_consultation is not null and not v_hold then 'opublikowane' else 'nowe' end)
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
revoke all on function private.submit_need(jsonb) from public;
grant execute on function private.submit_need(jsonb) to anon, authenticated;

-- 3. Volunteer sign-ups -----------------------------------------------------------------------

-- private.volunteer_signup as in 20261126110100_activities.sql, with the signed context p.ctx
-- and its own scopes volunteer_device and volunteer_ip; p.rate_buckets/p.rate_limits ignored.
create or replace function private.volunteer_signup(p jsonb)
returns json
language plpgsql security definer
set search_path = ''
as $$
declare
  v_ctx record;
  v_activity uuid;
begin
  select t.device_hash, t.ip_hash into v_ctx from private.trusted_request(p -> 'ctx') t;
  v_activity := (p ->> 'activity_id')::uuid;
  if not exists (select 1 from public.activities a where a.id = v_activity and a.published
                 and a.status in ('planowane', 'potwierdzone')
                 and coalesce(a.ends_at, a.starts_at, now()) >= now()) then
    raise exception using errcode = 'MZ404', message = 'activity_not_open';
  end if;
  if char_length(btrim(coalesce(p ->> 'consent_text', ''))) = 0 then
    raise exception using errcode = 'MZ422', message = 'consent_missing';
  end if;
  if v_ctx.device_hash is not null then
    perform private.register_device(v_ctx.device_hash, v_ctx.ip_hash);
    perform private.take_rate('volunteer_device', v_ctx.device_hash);
  end if;
  perform private.take_rate('volunteer_ip', v_ctx.ip_hash);
  insert into public.activity_volunteers (activity_id, name, contact, consent_text)
  values (v_activity, btrim(p ->> 'name'), btrim(p ->> 'contact'), p ->> 'consent_text');
  return json_build_object('ok', true);
end
$$;
revoke all on function private.volunteer_signup(jsonb) from public;
grant execute on function private.volunteer_signup(jsonb) to anon, authenticated;

-- 4. One-click unsubscribe needs the signed link ----------------------------------------------

-- The old function took a need id, which anyone reading the public map knows: whoever called it
-- directly could silence any reporter. The new one takes the unsubscribe token of the e-mail
-- (src/lib/server/mail/tokens.ts): `<need id>.<base64url(HMAC-SHA-256(secret, 'unsubscribe:' ||
-- need id))>` (RFC 2104; base64url without padding, RFC 4648 §5), and checks it here with the
-- per-database secret. Returns false for a forged or damaged token, true for a genuine one (also
-- when the reporter left no address or unsubscribed already).
drop function private.mail_unsubscribe(uuid);

create or replace function private.mail_unsubscribe(p_token text) returns boolean
language plpgsql security definer
set search_path = ''
as $$
declare
  v_need text;
  v_secret text;
  v_hash text;
begin
  if p_token is null or p_token !~
     '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$' then
    return false;
  end if;
  v_need := split_part(p_token, '.', 1);
  select s.value into v_secret from private.app_secrets s where s.name = 'hmac';
  if v_secret is null or split_part(p_token, '.', 2) is distinct from translate(rtrim(encode(
       extensions.hmac(convert_to('unsubscribe:' || v_need, 'UTF8'), convert_to(v_secret, 'UTF8'), 'sha256'),
       'base64'), '='), '+/', '-_') then
    return false;
  end if;

  select private.email_hash(c.email) into v_hash
  from public.need_contacts c where c.need_id = v_need::uuid and c.email is not null;
  if v_hash is null then
    return true;
  end if;
  insert into private.mail_unsubscribes (email_hash) values (v_hash) on conflict do nothing;
  update public.mail_outbox o set state = 'cancelled', last_error = 'unsubscribed'
  where o.state in ('pending', 'held') and private.email_hash(o.to_email) = v_hash;
  return true;
end
$$;
revoke all on function private.mail_unsubscribe(text) from public;
grant execute on function private.mail_unsubscribe(text) to anon, authenticated;
