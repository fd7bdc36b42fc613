-- Following: Atom feeds of public needs and activities, "Obserwuj" on a need (status changes and
-- official replies by e-mail) and a daily digest of one village or the whole gmina. Every
-- subscription is confirmed by a signed link (double opt-in) and every message goes through
-- public.mail_outbox and the server's mailer, with the RFC 8058 one-click unsubscribe.

-- ---------------------------------------------------------------------------------------------
-- Atom feeds (/potrzeby.atom, /dzialania.atom): the newest public entries first. SECURITY INVOKER
-- and an explicit public filter, so a signed-in organizer's feed holds no more than anon's.

-- A feed's answer: the village's name (null for the whole gmina) and its entries, after the
-- filters' check (22023 for an unknown region or village).
create function private.feed_json(p_region text, p_kind text, p_village text, p_entries json)
returns json language plpgsql stable set search_path = '' as $$
begin
  perform private.check_filters(p_region, p_kind, null, p_village);
  return json_build_object('village', (
    select l.name from public.localities l join public.regions r on r.id = l.region_id
    where r.slug = p_region and l.slug = p_village), 'entries', coalesce(p_entries, '[]'::json));
end
$$;

create or replace function public.needs_feed(p_region text, p_village text, p_limit integer)
returns json language sql stable set search_path = '' as $$
  select private.feed_json(p_region, 'need', p_village, (
    select json_agg(json_build_object(
      'id', x.id, 'ref', x.ref, 'kind', x.kind, 'title', x.title, 'description', x.description,
      'status', x.status, 'category', x.category, 'label_pl', x.label_pl,
      'label_en', x.label_en, 'locality', x.locality, 'locality_slug', x.locality_slug,
      'created_at', x.created_at, 'updated_at', x.updated_at)
    order by x.updated_at desc, x.ref desc)
  from (
    select n.id, n.ref, n.kind, n.title, n.description, n.status, n.category, c.label_pl,
      c.label_en, l.name as locality, l.slug as locality_slug, n.created_at, n.updated_at
    from public.needs n
    join public.regions r on r.id = n.region_id
    join public.need_categories c on c.slug = n.category
    left join public.localities l on l.id = n.locality_id
    where r.slug = p_region and n.ref is not null
      and private.is_public_need(n.status, n.hidden_at)
      and (p_village is null or l.slug = p_village)
    order by n.updated_at desc, n.ref desc
    limit least(greatest(coalesce(p_limit, 50), 1), 200)
  ) x))
$$;

create or replace function public.activities_feed(p_region text, p_village text, p_limit integer)
returns json language sql stable set search_path = '' as $$
  select private.feed_json(p_region, 'activity', p_village, (
    select json_agg(json_build_object(
      'id', x.id, 'title', x.title, 'description', x.description, 'status', x.status,
      'kind', x.kind, 'starts_at', x.starts_at, 'locality', x.locality,
      'created_at', x.created_at, 'updated_at', x.updated_at)
    order by x.updated_at desc, x.id)
  from (
    select a.id, a.title, a.description, a.status, a.kind, a.starts_at, l.name as locality,
      a.created_at, a.updated_at
    from public.activities a
    join public.regions rg on rg.id = a.region_id
    left join public.localities l on l.id = a.locality_id
    where rg.slug = p_region and a.published
      and (p_village is null or exists (
        select 1 from public.localities v
        where v.slug = p_village and v.region_id = rg.id
          and private.activity_serves(a.id, a.locality_id, array[v.id])))
    order by a.updated_at desc, a.id
    limit least(greatest(coalesce(p_limit, 50), 1), 200)
  ) x))
$$;

select private.grant_execute('anon, authenticated, service_role',
  'private.feed_json(text,text,text,json)',
  'public.needs_feed(text,text,integer)', 'public.activities_feed(text,text,integer)');

comment on function private.feed_json(text,text,text,json) is 'The answer of an Atom feed function: its village''s name and entries, after the filter check.';
comment on function public.needs_feed(text,text,integer) is 'Public needs and ideas of a region (optionally one village), newest change first, for the Atom feed.';
comment on function public.activities_feed(text,text,integer) is 'Published activities of a region (optionally one village), newest change first, for the Atom feed.';

-- ---------------------------------------------------------------------------------------------
-- Subscriptions: "Obserwuj" on one need (need_id), or the daily digest of one village
-- (locality_id) or of the whole gmina (neither). Addresses live only here, in private, read by
-- the server as the owner: no request role has any grant, and RLS is on with no policy.
create table private.follow_subscriptions (
  id uuid primary key default gen_random_uuid(),
  region_id bigint not null references public.regions (id) on delete cascade,
  email text not null check (char_length(email) between 3 and 254),
  email_hash text not null check (email_hash ~ '^[0-9a-f]{64}$'),
  locale text not null default 'pl' check (locale in ('pl', 'en')),
  need_id uuid references public.needs (id) on delete cascade,
  locality_id bigint references public.localities (id) on delete cascade,
  -- Set by the confirmation link (double opt-in); until then only the confirmation is sent.
  confirmed_at timestamptz,
  -- The last day (Warsaw) a digest was built for this subscription.
  digest_day date,
  created_at timestamptz not null default now(),
  check (need_id is null or locality_id is null)
);
comment on table private.follow_subscriptions is 'Followers of a need and digest subscribers of a village or the gmina; e-mail addresses, owner only.';

-- One subscription per address and topic.
create unique index follow_subscriptions_topic_idx on private.follow_subscriptions
  (email_hash, region_id, coalesce(need_id, '00000000-0000-0000-0000-000000000000'::uuid),
   coalesce(locality_id, 0));

create index follow_subscriptions_region_idx on private.follow_subscriptions (region_id);

create index follow_subscriptions_need_idx on private.follow_subscriptions (need_id)
  where need_id is not null;

create index follow_subscriptions_locality_idx on private.follow_subscriptions (locality_id)
  where locality_id is not null;

select private.lock_table('private.follow_subscriptions');

-- Unsubscribed topics: the SHA-256 of the address with the topic ('need:<id>', 'digest:<region
-- id>:<locality id or gmina>'). It outlives the subscription and its erasure without keeping the
-- address: no message of that topic goes to that address until the person asks again and
-- confirms by the link of the new confirmation (private.follow_confirm lifts it then).
create table private.follow_unsubscribes (
  email_hash text not null check (email_hash ~ '^[0-9a-f]{64}$'),
  topic text not null check (char_length(topic) <= 100),
  created_at timestamptz not null default now(),
  primary key (email_hash, topic)
);
comment on table private.follow_unsubscribes is 'SHA-256 of addresses with the topics they unsubscribed from (need follows, digests).';

select private.lock_table('private.follow_unsubscribes');

create or replace function private.follow_topic(p_region bigint, p_need uuid, p_locality bigint)
returns text language sql immutable parallel safe set search_path = '' as $$
  select case when p_need is not null then 'need:' || p_need
    else 'digest:' || p_region || ':' || coalesce(p_locality::text, 'gmina') end
$$;

-- The outbox carries the followers' messages too: `kind` says which, `subscription_id` whose
-- (erasing the subscription erases its messages; the need is the subscription's). Their need_id
-- stays null, so the reporter's triggers (superseding, erasing the reporter's contact) never
-- touch them; their need_status is the status they announce.
alter table public.mail_outbox
  add column kind text not null default 'status'
    check (kind in ('status', 'follow_confirm', 'follow_status', 'follow_reply', 'digest',
      'password_reset')),
  add column subscription_id uuid references private.follow_subscriptions (id) on delete cascade,
  add column payload jsonb,
  alter column need_id drop not null,
  alter column need_status drop not null,
  add constraint mail_outbox_kind_fields_check check (case kind
    when 'status' then subscription_id is null and need_id is not null and need_status is not null
    when 'password_reset' then subscription_id is null and need_id is null
    else subscription_id is not null and need_id is null end);

create index mail_outbox_subscription_idx on public.mail_outbox (subscription_id)
  where subscription_id is not null;

comment on column public.mail_outbox.kind is 'status: to the reporter; follow_confirm, follow_status, follow_reply, digest: to a subscriber; password_reset: to a local account.';

-- Queues a confirmation for a subscription unless it is confirmed already, one is already
-- waiting or went out within the hour, or the address got 5 confirmations today (a form can name
-- anyone's address: this bounds what it can make us send). An address that unsubscribed from the
-- topic gets it too: asking again is how a person who unsubscribed follows again.
create or replace function private.queue_follow_confirmation(p_subscription uuid) returns void
language plpgsql security definer set search_path = '' as $$
declare
  v private.follow_subscriptions;
begin
  select * into v from private.follow_subscriptions s where s.id = p_subscription;
  if v.id is null or v.confirmed_at is not null
     or exists (select 1 from public.mail_outbox o where o.subscription_id = v.id
                and o.kind = 'follow_confirm' and o.created_at > now() - interval '1 hour')
     or (select count(*) from public.mail_outbox o
         where o.kind = 'follow_confirm' and private.email_hash(o.to_email) = v.email_hash
           and o.created_at > now() - interval '1 day') >= 5 then
    return;
  end if;
  insert into public.mail_outbox (kind, subscription_id, to_email, locale)
  values ('follow_confirm', v.id, v.email, v.locale);
end
$$;

-- Subscription requests use the report limits in their own buckets (src/lib/server/guard/rules.ts
-- copies RATE_LIMIT_REPORTS* over them at start).
insert into private.rate_rules (scope, limits) values
  ('follow_device', '[{"count": 5, "seconds": 600}, {"count": 20, "seconds": 86400}]'),
  ('follow_ip', '[{"count": 30, "seconds": 600}, {"count": 200, "seconds": 86400}]')
on conflict (scope) do nothing;

-- A resident asks to follow a public need ({ref, email, locale}) or to get the daily digest of a
-- village or the gmina ({region, village (slug or null), email, locale}), with the request
-- context the app server signed (ctx, as for reports: slots of the browser and the network are
-- taken here, MZ429 beyond them). Answers true whenever
-- the request is well-formed, whatever the address's state, so the answer tells nobody whether
-- an address subscribed before. Unknown or non-public needs and unknown villages raise 22023.
create or replace function private.follow_request(p jsonb) returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  v_ctx record;
  v_email text := lower(btrim(p->>'email'));
  v_locale text := coalesce(nullif(p->>'locale', ''), 'pl');
  v_region bigint;
  v_need uuid;
  v_locality bigint;
  v_id uuid;
begin
  if v_email is null or char_length(v_email) > 254
     or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    raise exception using errcode = '22023', message = 'invalid e-mail address';
  end if;
  if v_locale not in ('pl', 'en') then v_locale := 'pl'; end if;
  select t.device_hash, t.ip_hash into v_ctx from private.trusted_request(p -> 'ctx') t;
  if p ? 'ref' then
    select n.id, n.region_id into v_need, v_region from public.needs n
    where n.ref = p->>'ref' and private.is_public_need(n.status, n.hidden_at);
    if v_need is null then
      raise exception using errcode = '22023', message = 'unknown need';
    end if;
  else
    select r.id into v_region from public.regions r where r.slug = p->>'region';
    if v_region is null then
      raise exception using errcode = '22023', message = 'unknown region';
    end if;
    if nullif(p->>'village', '') is not null then
      select l.id into v_locality from public.localities l
      where l.region_id = v_region and l.slug = p->>'village';
      if v_locality is null then
        raise exception using errcode = '22023', message = 'unknown village';
      end if;
    end if;
  end if;
  perform private.take_request_rates('follow', v_ctx.device_hash, v_ctx.ip_hash);
  insert into private.follow_subscriptions (region_id, email, email_hash, locale, need_id, locality_id)
  values (v_region, v_email, private.email_hash(v_email), v_locale, v_need, v_locality)
  on conflict (email_hash, region_id, coalesce(need_id, '00000000-0000-0000-0000-000000000000'::uuid),
    coalesce(locality_id, 0)) do update set locale = excluded.locale
  returning id into v_id;
  perform private.queue_follow_confirmation(v_id);
  return true;
end
$$;

-- The confirmation link: a genuine 'follow-confirm' token confirms its subscription (again is
-- harmless) and lifts an earlier unsubscribe of the address from that topic: the person asked
-- again and proved the address is theirs. Answers the subscription's need ref (null for a digest)
-- and village slug, or no row.
create or replace function private.follow_confirm(p_token text)
returns table (need_ref text, village text)
language plpgsql security definer set search_path = '' as $$
declare
  v_id uuid := private.signed_uuid(p_token, 'follow-confirm');
  v private.follow_subscriptions;
begin
  if v_id is null then return; end if;
  update private.follow_subscriptions s set confirmed_at = coalesce(s.confirmed_at, now())
  where s.id = v_id returning * into v;
  if v.id is null then return; end if;
  delete from private.follow_unsubscribes u
  where u.email_hash = v.email_hash and u.topic = private.follow_topic(v.region_id, v.need_id, v.locality_id);
  return query select (select n.ref from public.needs n where n.id = v.need_id),
    (select l.slug from public.localities l where l.id = v.locality_id);
end
$$;

-- One-click unsubscribe of a follower (RFC 8058), with the 'follow-unsubscribe' token of their
-- messages: the topic's suppression is kept, the subscription (the address) is deleted, and its
-- messages still waiting go with it. False for a forged token; true for a genuine one, also when
-- the subscription is gone already.
create or replace function private.follow_unsubscribe(p_token text) returns boolean
language sql security definer set search_path = '' as $$
  with subscription as (
    select s.id, s.email_hash, private.follow_topic(s.region_id, s.need_id, s.locality_id) as topic
    from private.follow_subscriptions s
    where s.id = private.signed_uuid(p_token, 'follow-unsubscribe')
  ), suppressed as (
    insert into private.follow_unsubscribes (email_hash, topic)
    select v.email_hash, v.topic from subscription v
    on conflict do nothing
  ), gone as (
    delete from private.follow_subscriptions s where s.id in (select v.id from subscription v)
  )
  select private.signed_uuid(p_token, 'follow-unsubscribe') is not null
$$;

-- Queues a message to every confirmed follower of a need: 'follow_status' (its public status
-- changed) or 'follow_reply' (an official reply appeared). Followers who unsubscribed the topic
-- are skipped; a follower's older message of the same kind still waiting is superseded.
-- Returns how many were queued. Called by the status trigger below and by the official reply.
create or replace function private.notify_need_followers(p_need uuid, p_kind text) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  v_status text;
  v_count integer;
begin
  if p_kind not in ('follow_status', 'follow_reply') then
    raise exception using errcode = '22023', message = format('unknown notification: %s', p_kind);
  end if;
  select n.status into v_status from public.needs n
  where n.id = p_need and private.is_public_need(n.status, n.hidden_at);
  if v_status is null then return 0; end if;
  update public.mail_outbox o set state = 'cancelled', last_error = 'superseded'
  from private.follow_subscriptions s
  where s.id = o.subscription_id and s.need_id = p_need and o.kind = p_kind and o.state = 'pending';
  insert into public.mail_outbox (kind, subscription_id, to_email, locale, need_status)
  select p_kind, s.id, s.email, s.locale, v_status
  from private.follow_subscriptions s
  where s.need_id = p_need and s.confirmed_at is not null
    and not exists (select 1 from private.follow_unsubscribes u
                    where u.email_hash = s.email_hash and u.topic = 'need:' || p_need);
  get diagnostics v_count = row_count;
  return v_count;
end
$$;

-- Tells a need's followers: a public status change (private.is_status_change, the rule of the
-- reporter's mail) on need_events, an official reply (public.post_official_reply inserts it
-- already approved) on need_comments. Mail is a courtesy: it never fails the change or the reply.
create or replace function private.notify_followers() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_table_name = 'need_comments' then
    perform private.notify_need_followers(new.need_id, 'follow_reply');
  elsif private.is_status_change(new) then
    perform private.notify_need_followers(new.need_id, 'follow_status');
  end if;
  return null;
exception when others then
  raise warning 'mail_outbox: follower mail not queued: %', sqlerrm;
  return null;
end
$$;

create trigger need_events_notify_followers after insert on public.need_events
  for each row execute function private.notify_followers();

create trigger need_comments_notify_followers after insert on public.need_comments
  for each row when (new.is_official and new.approved_at is not null)
  execute function private.notify_followers();

revoke all on function private.follow_topic(bigint,uuid,bigint),
  private.queue_follow_confirmation(uuid), private.notify_need_followers(uuid,text),
  private.notify_followers()
  from public, anon, authenticated, service_role;

select private.grant_execute('anon, authenticated', 'private.follow_request(jsonb)',
  'private.follow_confirm(text)', 'private.follow_unsubscribe(text)');

comment on function private.follow_topic(bigint,uuid,bigint) is 'The topic of a subscription: need:<id> or digest:<region>:<locality or gmina>.';
comment on function private.queue_follow_confirmation(uuid) is 'Queues the confirmation of a subscription, within per-address limits.';
comment on function private.follow_request(jsonb) is 'A resident follows a public need or subscribes to a digest; sends the confirmation.';
comment on function private.follow_confirm(text) is 'Confirms a subscription with the signed link of its confirmation message; lifts an earlier unsubscribe of its topic.';
comment on function private.follow_unsubscribe(text) is 'One-click unsubscribe of a follower or digest subscriber with a signed token.';
comment on function private.notify_need_followers(uuid,text) is 'Queues a status or official-reply message to the confirmed followers of a need.';
comment on function private.notify_followers() is 'Trigger: a public status change or an official reply tells the need''s followers.';

-- ---------------------------------------------------------------------------------------------
-- The daily digest ("Powiadomienia z mojej wsi"): for the day before p_day (Warsaw time), each
-- confirmed digest subscriber gets one message listing the needs and ideas published that day
-- and the published activities added or changed that day, in their village or the whole gmina;
-- nothing when there is nothing new. Each subscription is considered once per p_day, so the
-- mailer may call this as often as it likes (src/lib/server/mail/digest.ts). Returns how many
-- digests were queued. Owner only.
create or replace function private.build_digests(p_day date) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  v_from timestamptz := (p_day - 1)::timestamp at time zone 'Europe/Warsaw';
  v_to timestamptz := p_day::timestamp at time zone 'Europe/Warsaw';
  v_count integer := 0;
  v record;
  v_items jsonb;
begin
  for v in
    select s.* from private.follow_subscriptions s
    where s.need_id is null and s.confirmed_at is not null
      and (s.digest_day is null or s.digest_day < p_day)
      and not exists (select 1 from private.follow_unsubscribes u where u.email_hash = s.email_hash
                      and u.topic = private.follow_topic(s.region_id, null, s.locality_id))
    for update of s skip locked
  loop
    select coalesce(jsonb_agg(i.item order by i.sort, i.title), '[]'::jsonb) into v_items
    from (
      select 1 as sort, n.title, jsonb_build_object('title', n.title, 'ref', n.ref,
        'path', '/potrzeby/' || n.ref) as item
      from public.needs n
      where n.region_id = v.region_id and n.ref is not null
        and private.is_public_need(n.status, n.hidden_at)
        and (v.locality_id is null or n.locality_id = v.locality_id)
        and exists (select 1 from public.need_events e where e.need_id = n.id and e.is_public
                    and e.status = 'published' and e.created_at >= v_from and e.created_at < v_to)
      union all
      select 2, a.title, jsonb_build_object('title', a.title, 'ref', null, 'path', '/dzialania/' || a.id)
      from public.activities a
      where a.region_id = v.region_id and a.published
        and a.updated_at >= v_from and a.updated_at < v_to
        and (v.locality_id is null or private.activity_serves(a.id, a.locality_id, array[v.locality_id]))
      limit 50
    ) i;
    if jsonb_array_length(v_items) > 0 then
      insert into public.mail_outbox (kind, subscription_id, to_email, locale, payload)
      values ('digest', v.id, v.email, v.locale, jsonb_build_object('day', p_day - 1, 'items', v_items));
      v_count := v_count + 1;
    end if;
    update private.follow_subscriptions s set digest_day = p_day where s.id = v.id;
  end loop;
  return v_count;
end
$$;

revoke all on function private.build_digests(date) from public, anon, authenticated, service_role;

comment on function private.build_digests(date) is 'Queues the daily digests of the day before p_day for confirmed village and gmina subscribers.';
