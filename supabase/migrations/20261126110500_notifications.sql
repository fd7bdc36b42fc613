-- Notifications: a reporter who left an e-mail address is told when their
-- need changes status, with a link to the status page and a one-click unsubscribe. Status changes
-- enqueue a row in public.mail_outbox in the same transaction; the server's mailer
-- (src/lib/server/mail) renders and sends it over SMTP, or keeps it for admins to read when no
-- SMTP server is configured.

-- The reporter's language, so the message and its links are in it (set by private.submit_need).
alter table public.need_contacts
  add column locale text not null default 'pl' check (locale in ('pl', 'en'));

-- Addresses that unsubscribed (RFC 8058 one-click or the confirm page). Only the SHA-256 of the
-- normalised address is kept, so the suppression survives the erasure of the contact without
-- keeping the address itself.
create table private.mail_unsubscribes (
  email_hash text primary key check (email_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now()
);
alter table private.mail_unsubscribes enable row level security;
revoke all on private.mail_unsubscribes from anon, authenticated;

create or replace function private.email_hash(p_email text) returns text
language sql immutable parallel safe
set search_path = ''
as $$ select encode(sha256(convert_to(lower(btrim(p_email)), 'UTF8')), 'hex') $$;
revoke all on function private.email_hash(text) from public;

-- One row per message. Personal data (the address): readable by admins only, never by anon.
-- state: pending → sending (claimed by the mailer, lease until next_attempt_at) → sent; on an
-- SMTP error back to pending with a later next_attempt_at, and failed after the last attempt;
-- held = rendered but kept here because no SMTP server is configured; cancelled = unsubscribed,
-- contact removed or superseded by a newer status change.
create table public.mail_outbox (
  id bigint generated always as identity primary key,
  need_id uuid not null references public.needs (id) on delete cascade,
  event_id bigint unique references public.need_events (id) on delete cascade,
  to_email text not null check (char_length(to_email) between 3 and 254),
  locale text not null default 'pl' check (locale in ('pl', 'en')),
  need_status text not null check (char_length(need_status) <= 40),
  state text not null default 'pending'
    check (state in ('pending', 'sending', 'sent', 'failed', 'held', 'cancelled')),
  attempts integer not null default 0 check (attempts between 0 and 100),
  next_attempt_at timestamptz not null default now(),
  last_error text check (char_length(last_error) <= 1000),
  subject text check (char_length(subject) <= 400),
  body_text text check (char_length(body_text) <= 20000),
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index mail_outbox_due_idx on public.mail_outbox (next_attempt_at)
  where state in ('pending', 'sending');
create index mail_outbox_need_idx on public.mail_outbox (need_id);
create index mail_outbox_created_idx on public.mail_outbox (created_at desc);
create trigger mail_outbox_touch before update on public.mail_outbox
  for each row execute function private.touch_updated_at();

alter table public.mail_outbox enable row level security;
revoke all on public.mail_outbox from anon, authenticated;
-- Admins read the outbox in /panel/poczta and may queue a message again (resend).
grant select on public.mail_outbox to authenticated;
grant update (state, attempts, next_attempt_at, last_error) on public.mail_outbox to authenticated;
create policy mail_outbox_read on public.mail_outbox for select to authenticated
  using ((select private.is_admin()));
create policy mail_outbox_update on public.mail_outbox for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));

-- Enqueues a message when a need's public status really changed (not the first event of a new
-- report, not a reply with the same status) and its reporter left an e-mail address and has not
-- unsubscribed. An older message of the same need still waiting is superseded. Mail is a
-- courtesy: whatever goes wrong here must not fail the status change.
create or replace function private.enqueue_status_mail() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_previous text;
  v_email text;
  v_locale text;
begin
  if not new.is_public then
    return null;
  end if;
  begin
    select e.status into v_previous from public.need_events e
    where e.need_id = new.need_id and e.id < new.id and e.is_public
    order by e.id desc limit 1;
    if v_previous is null or v_previous = new.status then
      return null;
    end if;
    select c.email, c.locale into v_email, v_locale
    from public.need_contacts c where c.need_id = new.need_id;
    if v_email is null or exists (select 1 from private.mail_unsubscribes u
                                  where u.email_hash = private.email_hash(v_email)) then
      return null;
    end if;
    update public.mail_outbox o set state = 'cancelled', last_error = 'superseded'
    where o.need_id = new.need_id and o.state = 'pending';
    insert into public.mail_outbox (need_id, event_id, to_email, locale, need_status)
    values (new.need_id, new.id, v_email, coalesce(v_locale, 'pl'), new.status)
    on conflict (event_id) do nothing;
  exception when others then
    raise warning 'mail_outbox: status mail not queued: %', sqlerrm;
  end;
  return null;
end
$$;
revoke all on function private.enqueue_status_mail() from public, anon, authenticated;
create trigger need_events_mail after insert on public.need_events
  for each row execute function private.enqueue_status_mail();

-- Erasing a reporter's contact (RODO) also erases the messages addressed to it.
create or replace function private.forget_contact_mail() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.mail_outbox o where o.need_id = old.need_id;
  return null;
end
$$;
revoke all on function private.forget_contact_mail() from public, anon, authenticated;
create trigger need_contacts_forget_mail after delete on public.need_contacts
  for each row execute function private.forget_contact_mail();

-- One-click unsubscribe. The server checks the link's HMAC before calling this (the private
-- schema is not exposed by the API); the reporter's address is suppressed for all their needs and
-- messages still waiting are cancelled.
create or replace function private.mail_unsubscribe(p_need uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_hash text;
begin
  select private.email_hash(c.email) into v_hash
  from public.need_contacts c where c.need_id = p_need and c.email is not null;
  if v_hash is null then
    return;
  end if;
  insert into private.mail_unsubscribes (email_hash) values (v_hash) on conflict do nothing;
  update public.mail_outbox o set state = 'cancelled', last_error = 'unsubscribed'
  where o.state in ('pending', 'held') and private.email_hash(o.to_email) = v_hash;
end
$$;
revoke all on function private.mail_unsubscribe(uuid) from public;
grant execute on function private.mail_unsubscribe(uuid) to anon, authenticated;

-- The need behind a reporter's status link when its reporter gets status e-mails (an address left,
-- not unsubscribed): the status page then offers the unsubscribe link too. The status token is
-- the reporter's proof, as for private.need_status.
create or replace function private.need_mail_subscription(p_token_hash text) returns uuid
language sql stable security definer
set search_path = ''
as $$
  select t.need_id
  from private.need_status_tokens t
  join public.need_contacts c on c.need_id = t.need_id
  where t.token_hash = p_token_hash and c.email is not null
    and not exists (select 1 from private.mail_unsubscribes u
                    where u.email_hash = private.email_hash(c.email))
$$;
revoke all on function private.need_mail_subscription(text) from public;
grant execute on function private.need_mail_subscription(text) to anon, authenticated;

-- private.submit_need as in 20261126090000_resident_reports.sql, plus the reporter's language
-- (p.locale: 'en' or anything else → 'pl') stored with the contact.
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
