-- Supports ("Popieram") and abuse reports ("Zgłoś nadużycie") from browsers the app knows.
--
-- Both writes now take the request context signed by the app server (private.trusted_request),
-- so the device (a cookie a page of the app issued) and the network (the client's IP, hashed)
-- come from the server, never from the caller. The network of every support and abuse report is
-- kept in `private`, where no request role reads it, so that:
--   * a burst of supports from one network shows up for staff in the moderation panel;
--   * abuse reports hide a need only when at least three browsers on at least two networks
--     reported it within a day; reports that do not meet that flag the need for review instead.

-- Supports are written only by private.set_device_support (and moved by private.move_supports):
-- no request role inserts, updates or deletes rows directly, as anon or signed in.
revoke insert, update, delete on public.need_supports from anon, authenticated;
drop policy if exists need_supports_insert on public.need_supports;
drop policy if exists need_supports_delete on public.need_supports;

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
alter table private.support_origins enable row level security;
revoke all on private.support_origins from public, anon, authenticated;
comment on table private.support_origins is
  'Hashed network of each device support, for staff warnings about bursts. Never readable by request roles.';

-- The network each abuse report came from (reports made before this migration have none).
create table private.abuse_origins (
  report_id bigint primary key references public.need_abuse_reports (id) on delete cascade,
  ip_hash text not null check (ip_hash ~ '^[0-9a-f]{64}$')
);
alter table private.abuse_origins enable row level security;
revoke all on private.abuse_origins from public, anon, authenticated;
comment on table private.abuse_origins is
  'Hashed network of each abuse report, so one network alone cannot hide a need. Never readable by request roles.';

-- "Popieram" (p_on) or withdrawing it, for the browser of a signed context. The device must be
-- one the app issued (a context without a device is refused with 42501), new devices per network
-- and toggles per device are rate-limited (MZ429), and the network is recorded privately.
-- The count trigger on need_supports (private.count_support) keeps needs.support_count exact:
-- its row lock on the need serialises concurrent supports.
drop function private.set_device_support(uuid, text, boolean);
create function private.set_device_support(p_need uuid, p_ctx jsonb, p_on boolean)
returns json
language plpgsql security definer
set search_path = ''
as $$
declare
  v_device text;
  v_ip text;
  v_new integer;
  v_count integer;
begin
  select t.device_hash, t.ip_hash into v_device, v_ip from private.trusted_request(p_ctx) t;
  if v_device is null then
    raise exception using errcode = '42501', message = 'device_required';
  end if;
  -- Locks in one order everywhere (network, device, then the need's row), so concurrent
  -- supports and abuse reports never wait on each other in a cycle. A refusal rolls back the
  -- whole call, slots included.
  perform private.register_device(v_device, v_ip);
  perform private.take_rate('support_device', v_device);
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
revoke all on function private.set_device_support(uuid, jsonb, boolean) from public;
grant execute on function private.set_device_support(uuid, jsonb, boolean) to anon, authenticated;

-- "Zgłoś nadużycie" for the browser of a signed context: one report per browser and need, rate
-- limits per device and per network, the network kept privately. The need is hidden only when
-- its open reports of the last 24 hours come from at least three browsers on at least two
-- networks, so one person with several browsers on one connection cannot hide anything; three or
-- more open reports that do not meet this leave the need public and flag it for the moderation
-- queue. The need's row lock serialises concurrent reports, so the need is hidden exactly once.
drop function private.report_abuse(uuid, text, text, text[], jsonb);
create function private.report_abuse(p_need uuid, p_ctx jsonb, p_reason text)
returns json
language plpgsql security definer
set search_path = ''
as $$
declare
  v_device text;
  v_ip text;
  v_report bigint;
  v_open integer;
  v_recent integer;
  v_networks integer;
  v_hidden boolean := false;
begin
  select t.device_hash, t.ip_hash into v_device, v_ip from private.trusted_request(p_ctx) t;
  if v_device is null then
    raise exception using errcode = '42501', message = 'device_required';
  end if;
  perform private.register_device(v_device, v_ip);
  perform private.take_rate('abuse_device', v_device);
  perform private.take_rate('abuse_ip', v_ip);
  perform 1 from public.needs n
  where n.id = p_need and private.is_public_need(n.status, n.hidden_at)
  for update;
  if not found then
    raise exception using errcode = 'MZ404', message = 'need_not_public';
  end if;
  insert into public.need_abuse_reports (need_id, device_hash, reason)
  values (p_need, v_device, coalesce(p_reason, 'other'))
  on conflict (need_id, device_hash) do nothing
  returning id into v_report;
  if v_report is not null then
    insert into private.abuse_origins (report_id, ip_hash) values (v_report, v_ip);
  end if;
  select count(*),
    count(*) filter (where a.created_at > now() - interval '24 hours'),
    count(distinct o.ip_hash) filter (where a.created_at > now() - interval '24 hours')
  into v_open, v_recent, v_networks
  from public.need_abuse_reports a
  left join private.abuse_origins o on o.report_id = a.id
  where a.need_id = p_need and a.reviewed_at is null;
  if v_recent >= 3 and v_networks >= 2 then
    update public.needs set hidden_at = now(), hidden_reason = 'abuse_reports' where id = p_need;
    v_hidden := true;
  end if;
  return json_build_object('reported', true, 'counted', v_report is not null, 'hidden', v_hidden,
    'flagged', not v_hidden and v_open >= 3);
end
$$;
revoke all on function private.report_abuse(uuid, jsonb, text) from public;
grant execute on function private.report_abuse(uuid, jsonb, text) to anon, authenticated;

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
revoke all on function private.support_alerts(text, uuid) from public, anon;
grant execute on function private.support_alerts(text, uuid) to authenticated, service_role;

-- How many networks the open abuse reports of a need came from (staff only, else null).
create function private.abuse_networks(p_need uuid)
returns integer
language sql stable security definer
set search_path = ''
as $$
  select case when (select private.is_staff()) then (
    select count(distinct o.ip_hash)::integer
    from public.need_abuse_reports a
    join private.abuse_origins o on o.report_id = a.id
    where a.need_id = p_need and a.reviewed_at is null) end
$$;
revoke all on function private.abuse_networks(uuid) from public, anon;
grant execute on function private.abuse_networks(uuid) to authenticated, service_role;

-- Merging keeps the networks of the moved supports, so a burst stays visible on the kept need.
-- Otherwise as in the moderation migration: editors only, duplicates by device or account dropped.
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

-- One need as staff see it for moderation, now with the review flags: `abuse_flagged` (three or
-- more open abuse reports on a need that stays public), `abuse_networks` and `support_alert`.
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
    'abuse_reports', a.open,
    'abuse_flagged', n.hidden_at is null and a.open >= 3,
    'abuse_networks', case when a.open > 0 then coalesce(private.abuse_networks(n.id), 0) end,
    'support_alert', (select json_build_object('burst', s.burst, 'top_network', s.top_network,
      'total', s.total, 'last_at', s.last_at) from private.support_alerts(null, n.id) s)
  )
  from public.needs n
  join public.need_categories c on c.slug = n.category
  left join public.localities l on l.id = n.locality_id
  cross join lateral (select count(*)::integer as open from public.need_abuse_reports x
    where x.need_id = n.id and x.reviewed_at is null) a
  where n.id = p_need
$$;

-- The queue: new reports, hidden needs, public needs flagged by abuse reports and public needs
-- with a support burst in the last seven days; with p_status, all needs of that status.
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
      then n.status = 'nowe'
        or (n.hidden_at is not null and n.status not in ('odrzucone', 'polaczone'))
        or (private.is_public_need(n.status, n.hidden_at) and (
          (select count(*) from public.need_abuse_reports a
           where a.need_id = n.id and a.reviewed_at is null) >= 3
          or n.id in (select s.need_id from private.support_alerts(p_region, null) s
                      where s.last_at > now() - interval '7 days')))
      else n.status = p_status end
$$;

-- The default privacy and moderation pages state what the app now does: the device cookie comes
-- with the first page, the network of supports and abuse reports is kept with them, and hiding
-- needs browsers on two networks. Only sentences an administrator has not edited are replaced
-- (replace() finds nothing in an edited text), so their own wording is never overwritten; one
-- update per page. p_pairs: old, new, old, new, …
create function pg_temp.reword(p_slug text, p_locale text, p_pairs text[])
returns void
language plpgsql
as $$
declare
  v_body text;
  v_new text;
  i integer;
begin
  select p.body into v_body from public.legal_pages p where p.slug = p_slug and p.locale = p_locale;
  v_new := v_body;
  for i in 1 .. array_length(p_pairs, 1) / 2 loop
    v_new := replace(v_new, p_pairs[2 * i - 1], p_pairs[2 * i]);
  end loop;
  if v_new is distinct from v_body then
    update public.legal_pages set body = v_new where slug = p_slug and locale = p_locale;
  end if;
end
$$;

select pg_temp.reword('rodo', 'pl', array[
  '- Identyfikator przeglądarki: aby jedna przeglądarka mogła poprzeć zgłoszenie lub zgłosić nadużycie tylko raz, zapisujemy w niej losowy identyfikator (plik cookie). W bazie przechowujemy tylko jego skrót, bez związku z Twoją tożsamością.',
  '- Identyfikator przeglądarki: przy pierwszym otwarciu strony aplikacji zapisujemy w przeglądarce losowy identyfikator podpisany przez serwer (plik cookie), aby jedna przeglądarka mogła poprzeć zgłoszenie lub zgłosić nadużycie tylko raz, a skrypt nie mógł udawać wielu przeglądarek. W bazie przechowujemy tylko jego skrót, bez związku z Twoją tożsamością.',
  '- Adres IP: służy wyłącznie do ograniczania liczby zgłoszeń i nadużyć; zapisujemy tylko jego skrót, na krótki czas.',
  '- Adres IP: służy wyłącznie do ochrony przed nadużyciami; zapisujemy tylko jego skrót. Przy poparciu i zgłoszeniu nadużycia skrót sieci jest przechowywany razem z nimi, aby organizator widział, że wiele poparć lub zgłoszeń przyszło z jednej sieci — organizator widzi tylko liczby, nigdy adresów ani skrótów.',
  '- Skróty adresów IP: krótko, na potrzeby ograniczania liczby zgłoszeń.',
  '- Skróty adresów IP: krótko, na potrzeby ograniczania liczby zgłoszeń; przy poparciach i zgłoszeniach nadużycia — do wycofania poparcia albo usunięcia zgłoszenia.',
  'Zgłoszenie, które zostało zgłoszone jako nadużycie z trzech przeglądarek, jest tylko tymczasowo ukrywane do sprawdzenia przez organizatora.',
  'Zgłoszenie, które w ciągu doby zostało zgłoszone jako nadużycie z co najmniej trzech przeglądarek w co najmniej dwóch sieciach, jest tylko tymczasowo ukrywane do sprawdzenia przez organizatora.']);

select pg_temp.reword('rodo', 'en', array[
  '- Browser identifier: so that one browser can support a report or report abuse only once, we store a random identifier in it (a cookie). The database keeps only its hash, with no link to your identity.',
  '- Browser identifier: when you first open a page of the application, we store a random identifier signed by the server in your browser (a cookie), so that one browser can support a report or report abuse only once and a script cannot pretend to be many browsers. The database keeps only its hash, with no link to your identity.',
  '- IP address: used only to limit the number of reports and abuse; we store only its hash, for a short time.',
  '- IP address: used only to protect against abuse; we store only its hash. With a support or an abuse report the hash of the network is kept with it, so that an organizer can see when many supports or reports came from one network — the organizer sees only counts, never addresses or hashes.',
  '- IP address hashes: briefly, to limit the number of reports.',
  '- IP address hashes: briefly, to limit the number of reports; with supports and abuse reports, until the support is withdrawn or the report deleted.',
  'A report flagged as abuse from three browsers is only hidden temporarily until an organizer reviews it.',
  'A report flagged as abuse within a day from at least three browsers on at least two networks is only hidden temporarily until an organizer reviews it.']);

select pg_temp.reword('zasady-moderacji', 'pl', array[
  'Gdy nadużycie zgłoszą trzy różne przeglądarki, zgłoszenie jest automatycznie ukrywane, dopóki organizator go nie sprawdzi. Organizator może je przywrócić — wtedy ponowne ukrycie wymaga trzech nowych zgłoszeń nadużycia.',
  'Gdy w ciągu doby nadużycie zgłoszą co najmniej trzy różne przeglądarki z co najmniej dwóch sieci (np. domowe Wi-Fi i internet w telefonie), zgłoszenie jest automatycznie ukrywane, dopóki organizator go nie sprawdzi. Trzy lub więcej zgłoszeń, które tego warunku nie spełniają (np. wszystkie z jednej sieci), nie ukrywają wpisu: trafia on do sprawdzenia przez organizatora. Organizator może przywrócić zgłoszenie albo uznać zgłoszenia nadużycia za bezpodstawne — wtedy liczą się tylko nowe zgłoszenia nadużycia.']);

select pg_temp.reword('zasady-moderacji', 'en', array[
  'When three different browsers have reported abuse, the report is hidden automatically until an organizer has reviewed it. The organizer may restore it — it then takes three new abuse reports to hide it again.',
  'When at least three different browsers on at least two networks (for example home Wi-Fi and mobile data) have reported abuse within a day, the report is hidden automatically until an organizer has reviewed it. Three or more abuse reports that do not meet this (for example all from one network) do not hide it: it goes to the organizer for review. The organizer may restore it or close the abuse reports as unfounded — only new abuse reports count after that.']);

drop function pg_temp.reword(text, text, text[]);
