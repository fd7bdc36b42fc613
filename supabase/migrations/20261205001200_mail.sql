-- Notifications: a reporter who left an e-mail address is told when their need changes status,
-- with a link to the status page and a one-click unsubscribe. Status changes enqueue a row in
-- public.mail_outbox in the same transaction; the server's mailer (src/lib/server/mail) renders
-- and sends it over SMTP, or keeps it for admins to read when no SMTP server is configured.

-- Addresses that unsubscribed (RFC 8058 one-click or the confirm page). Only the SHA-256 of the
-- normalised address is kept, so the suppression survives the erasure of the contact without
-- keeping the address itself.
create table private.mail_unsubscribes (
  email_hash text primary key check (email_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now()
);
comment on table private.mail_unsubscribes is 'SHA-256 of addresses that unsubscribed from status e-mails.';

select private.lock_table('private.mail_unsubscribes');

create or replace function private.email_hash(p_email text) returns text
language sql immutable parallel safe
set search_path = ''
as $$ select encode(sha256(convert_to(lower(btrim(p_email)), 'UTF8')), 'hex') $$;

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
comment on table public.mail_outbox is 'Status e-mails to reporters: queued, sent, held or cancelled; admins read them.';

create index mail_outbox_due_idx on public.mail_outbox (next_attempt_at)
  where state in ('pending', 'sending');

create index mail_outbox_need_idx on public.mail_outbox (need_id);

create index mail_outbox_created_idx on public.mail_outbox (created_at desc);

create trigger mail_outbox_touch before update on public.mail_outbox
  for each row execute function private.touch_updated_at();

select private.lock_table('public.mail_outbox');
grant select on public.mail_outbox to authenticated;
grant update (state, attempts, next_attempt_at, last_error) on public.mail_outbox to authenticated;

create policy mail_outbox_read on public.mail_outbox for select to authenticated using ((select private.is_admin()));
create policy mail_outbox_update on public.mail_outbox for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));

-- Whether a need event announces a change of its need's public status: a public event that is
-- neither the first public one (a new report) nor a reply with the same status. The reporter's
-- status mail (below) and the followers' (following migration) go by this one rule.
create function private.is_status_change(p_event public.need_events) returns boolean
language sql stable set search_path = '' as $$
  select p_event.is_public and coalesce((
    select e.status <> p_event.status from public.need_events e
    where e.need_id = p_event.need_id and e.id < p_event.id and e.is_public
    order by e.id desc limit 1), false)
$$;

-- Enqueues a message when a need's public status really changed (private.is_status_change) and
-- its reporter left an e-mail address and has not unsubscribed. An older message of the same need
-- still waiting is superseded. Mail is a courtesy: whatever goes wrong here must not fail the
-- status change.
create or replace function private.enqueue_status_mail() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_email text;
  v_locale text;
begin
  begin
    if not private.is_status_change(new) then
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

create trigger need_events_mail after insert on public.need_events
  for each row execute function private.enqueue_status_mail();

-- Erasing a reporter's contact (RODO) also erases the messages addressed to it.
create or replace function private.forget_contact_mail() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from public.mail_outbox o where o.need_id = old.need_id;
  return null;
end
$$;

create trigger need_contacts_forget_mail after delete on public.need_contacts
  for each row execute function private.forget_contact_mail();

-- A signed id `<uuid>.<base64url(HMAC-SHA-256(secret, purpose || ':' || uuid))>` (RFC 2104,
-- RFC 4648 §5 without padding), as src/lib/server/mail/tokens.ts makes it for each purpose ('unsubscribe', 'follow-confirm', 'follow-unsubscribe'): the uuid when the
-- signature is genuine, else null. Links are recomputed by the mailer, never stored.
create function private.signed_uuid(p_token text, p_purpose text) returns uuid
language plpgsql stable security definer set search_path = '' as $$
declare
  v_id text;
  v_secret text;
begin
  if p_token is null or p_token !~
     '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$' then
    return null;
  end if;
  v_id := split_part(p_token, '.', 1);
  select s.value into v_secret from private.app_secrets s where s.name = 'hmac';
  if v_secret is null or split_part(p_token, '.', 2) is distinct from translate(rtrim(encode(
       extensions.hmac(convert_to(p_purpose || ':' || v_id, 'UTF8'), convert_to(v_secret, 'UTF8'), 'sha256'),
       'base64'), '='), '+/', '-_') then
    return null;
  end if;
  return v_id::uuid;
end
$$;

-- One-click unsubscribe (RFC 8058). It takes the unsubscribe token of the e-mail, the need's id
-- signed for 'unsubscribe' (private.signed_uuid), checked here with the per-database secret: a
-- need id alone is public, and would let anyone silence any reporter. The reporter's address is
-- suppressed for all their needs and messages still waiting are cancelled. Returns false for a
-- forged or damaged token, true for a genuine one (also when the reporter left no address or
-- unsubscribed already).
create or replace function private.mail_unsubscribe(p_token text) returns boolean
language sql security definer set search_path = '' as $$
  with reporter as (
    select private.email_hash(c.email) as email_hash from public.need_contacts c
    where c.need_id = private.signed_uuid(p_token, 'unsubscribe') and c.email is not null
  ), suppressed as (
    insert into private.mail_unsubscribes (email_hash) select r.email_hash from reporter r
    on conflict do nothing
  ), cancelled as (
    update public.mail_outbox o set state = 'cancelled', last_error = 'unsubscribed'
    where o.state in ('pending', 'held')
      and private.email_hash(o.to_email) in (select r.email_hash from reporter r)
  )
  select private.signed_uuid(p_token, 'unsubscribe') is not null
$$;

-- The need behind a reporter's status link when its reporter gets status e-mails (an address left,
-- not unsubscribed): the status page then offers the unsubscribe link too. The status token is
-- the reporter's proof, as for private.need_status.
create or replace function private.need_mail_subscription(p_token_hash text) returns uuid
language sql stable security definer set search_path = '' as $$
  select t.need_id
  from private.need_status_tokens t
  join public.need_contacts c on c.need_id = t.need_id
  where t.token_hash = p_token_hash and c.email is not null
    and not exists (select 1 from private.mail_unsubscribes u
                    where u.email_hash = private.email_hash(c.email))
$$;

revoke all on function private.forget_contact_mail(), private.email_hash(text),
  private.enqueue_status_mail(), private.is_status_change(public.need_events),
  private.signed_uuid(text,text)
  from public, anon, authenticated, service_role;

select private.grant_execute('anon, authenticated', 'private.need_mail_subscription(text)',
  'private.mail_unsubscribe(text)');

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.email_hash(text) is 'SHA-256 of a normalised e-mail address.';
comment on function private.is_status_change(public.need_events) is 'Whether a need event announces a change of the need''s public status.';
comment on function private.signed_uuid(text,text) is 'The uuid of a genuine signed link token for a purpose, else null.';
comment on function private.enqueue_status_mail() is 'Trigger: queues a status e-mail when a need''s public status changes.';
comment on function private.forget_contact_mail() is 'Trigger: erasing a contact erases the messages addressed to it.';
comment on function private.mail_unsubscribe(text) is 'One-click unsubscribe with the signed token of the e-mail.';
comment on function private.need_mail_subscription(text) is 'The need behind a status link whose reporter gets status e-mails.';
