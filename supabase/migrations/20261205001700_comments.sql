-- Residents' comments on public needs. Anyone may comment without an account, through one guarded
-- write (private.submit_comment) with the protection of a report: a signed request context,
-- rate limits per browser and per network from private.rate_rules, an idempotency key bound to
-- its payload, and the honeypot the app checks before calling. The commenter's browser and
-- network are kept only in `private`. Each region chooses how comments are moderated: they wait
-- for an editor's approval (the default), or appear at once and editors hide them afterwards.
-- Editors' replies are marked official. "Zgłoś nadużycie" works on comments as on needs: the
-- same public.abuse_reports and private.report_abuse of the moderation migration.
--
-- An official reply is one row inserted with is_official = true, already approved, by
-- public.post_official_reply; the following migration's trigger on that insert tells the need's
-- followers.

-- How comments of a region are moderated: 'approval' (they wait for an editor) or 'publish'
-- (shown at once, hidden afterwards). A region without a row uses 'approval'.
create table public.comment_settings (
  region_id bigint primary key references public.regions (id) on delete cascade,
  moderation text not null default 'approval' check (moderation in ('approval', 'publish')),
  updated_at timestamptz not null default now()
);
comment on table public.comment_settings is 'Per-region moderation mode of residents'' comments; approval first without a row.';

select private.lock_table('public.comment_settings');
grant select on public.comment_settings to anon;
grant select, insert, update on public.comment_settings to authenticated;

select private.create_editor_policies('comment_settings', 'true');

create trigger comment_settings_touch before update on public.comment_settings
  for each row execute function private.touch_updated_at();

create trigger comment_settings_audit after insert or update or delete on public.comment_settings
  for each row execute function private.audit_row();

-- Comments on needs. Public once approved and while neither the comment nor its need is hidden.
-- No author column: residents post without an account, and the audit log records which editor
-- wrote an official reply.
create table public.need_comments (
  id bigint generated always as identity primary key,
  need_id uuid not null references public.needs (id) on delete cascade,
  nickname text check (char_length(btrim(nickname)) between 1 and 60),
  body text not null check (char_length(btrim(body)) between 1 and 1000 and char_length(body) <= 1000),
  is_official boolean not null default false,
  approved_at timestamptz,
  hidden_at timestamptz,
  hidden_reason text check (hidden_reason in ('abuse_reports', 'moderator')),
  created_at timestamptz not null default now()
);
comment on table public.need_comments is 'Comments on needs by residents, and official replies by editors.';

create index need_comments_need_idx on public.need_comments (need_id, created_at);

create index need_comments_pending_idx on public.need_comments (created_at)
  where approved_at is null and hidden_at is null;

select private.lock_table('public.need_comments');
grant select on public.need_comments to anon, authenticated;
grant insert (need_id, nickname, body, is_official, approved_at) on public.need_comments to authenticated;
grant update (approved_at, hidden_at, hidden_reason) on public.need_comments to authenticated;
grant delete on public.need_comments to authenticated;

-- What anyone may read: approved, not hidden, on a public need. Staff read everything; editors
-- write (RLS refuses council and residents).
create or replace function private.is_public_comment(p_approved_at timestamptz, p_hidden_at timestamptz,
  p_need uuid)
returns boolean language sql stable set search_path = '' as $$
  select p_approved_at is not null and p_hidden_at is null and exists (
    select 1 from public.needs n where n.id = p_need and private.is_public_need(n.status, n.hidden_at))
$$;

select private.grant_execute('anon, authenticated, service_role',
  'private.is_public_comment(timestamp with time zone,timestamp with time zone,uuid)');

select private.create_editor_policies('need_comments',
  'private.is_public_comment(approved_at, hidden_at, need_id)');

create trigger need_comments_audit after insert or update or delete on public.need_comments
  for each row execute function private.audit_row();

-- The commenter's browser and network. Never readable by a request role. (The idempotency key of
-- the submission is a row of private.idempotency_keys, as for reports.)
create table private.comment_origins (
  comment_id bigint primary key references public.need_comments (id) on delete cascade,
  device_hash text check (device_hash ~ '^[0-9a-f]{64}$'),
  ip_hash text not null check (ip_hash ~ '^[0-9a-f]{64}$')
);
comment on table private.comment_origins is
  'Hashed browser and network of each resident comment. Never readable by request roles.';

-- A comment's idempotency key goes with the comment.
alter table private.idempotency_keys add constraint idempotency_keys_comment_id_fkey
  foreign key (comment_id) references public.need_comments (id) on delete cascade;

create index idempotency_keys_comment_idx on private.idempotency_keys (comment_id)
  where comment_id is not null;

select private.lock_table('private.comment_origins');

-- Comments take the limits of reports, in their own buckets (the app copies RATE_LIMIT_REPORTS*
-- into them at start, src/lib/server/guard/rules.ts).
insert into private.rate_rules (scope, limits) values
  ('comment_device', '[{"count": 5, "seconds": 600}, {"count": 20, "seconds": 86400}]'),
  ('comment_ip', '[{"count": 30, "seconds": 600}, {"count": 200, "seconds": 86400}]')
on conflict (scope) do nothing;

-- The moderation mode of a region ('approval' without a row).
create or replace function public.comment_mode(p_region text)
returns text language sql stable set search_path = '' as $$
  select coalesce((select s.moderation from public.comment_settings s
    join public.regions r on r.id = s.region_id where r.slug = p_region), 'approval')
$$;

-- Sets the moderation mode of a region. SECURITY INVOKER: RLS lets editors only (42501 otherwise).
create or replace function public.set_comment_mode(p_region text, p_mode text)
returns text language plpgsql set search_path = '' as $$
begin
  perform private.refuse_unless(private.is_editor(), 'not_allowed');
  insert into public.comment_settings as s (region_id, moderation)
  values (private.region_id(p_region), p_mode)
  on conflict (region_id) do update set moderation = excluded.moderation;
  return p_mode;
end
$$;

-- The one write path of residents' comments (the comment form action). p: {ctx (the request
-- context signed by the app server, see private.trusted_request), ref (the need), nickname,
-- body, idempotency_key, request_hash}. The same checks as private.submit_need, in its order: the
-- signature first, then the idempotency key (a replay returns the first answer; another payload
-- under the same key is MZ409), then the need (MZ404 unless public), then the rate slots
-- comment_device (when the context has a device, registered on its first write) and comment_ip.
-- Everything runs in the request's transaction, so a refusal leaves nothing behind.
create or replace function private.submit_comment(p jsonb)
returns json language plpgsql security definer set search_path = '' as $$
declare
  v_ctx record;
  v_first private.idempotency_keys;
  v_need record;
  v_id bigint;
  v_approved timestamptz;
begin
  select t.device_hash, t.ip_hash into v_ctx from private.trusted_request(p -> 'ctx') t;

  v_first := private.idempotent_first(p);
  if v_first.key is not null then
    return json_build_object('id', v_first.comment_id, 'visible', (select c.approved_at is not null
      from public.need_comments c where c.id = v_first.comment_id), 'replayed', true);
  end if;

  select n.id, n.region_id into v_need from public.needs n
  where n.ref = p ->> 'ref' and private.is_public_need(n.status, n.hidden_at);
  if v_need.id is null then
    raise exception using errcode = 'MZ404', message = 'need_not_public';
  end if;

  perform private.take_request_rates('comment', v_ctx.device_hash, v_ctx.ip_hash);

  insert into public.need_comments (need_id, nickname, body, approved_at)
  values (v_need.id, nullif(btrim(coalesce(p ->> 'nickname', '')), ''), btrim(p ->> 'body'),
    case when (select s.moderation from public.comment_settings s where s.region_id = v_need.region_id)
      = 'publish' then now() end)
  returning id, approved_at into v_id, v_approved;
  insert into private.comment_origins (comment_id, device_hash, ip_hash)
  values (v_id, v_ctx.device_hash, v_ctx.ip_hash);
  insert into private.idempotency_keys (key, request_hash, comment_id)
  values (p ->> 'idempotency_key', p ->> 'request_hash', v_id);

  return json_build_object('id', v_id, 'visible', v_approved is not null, 'replayed', false);
end
$$;

-- An editor's reply on a need: official, public at once. SECURITY INVOKER: RLS refuses everyone
-- but editors (42501).
create or replace function public.post_official_reply(p_need uuid, p_body text)
returns json language plpgsql set search_path = '' as $$
declare
  v_id bigint;
begin
  perform private.refuse_unless(private.is_editor(), 'not_allowed');
  if not exists (select 1 from public.needs n where n.id = p_need) then
    raise exception using errcode = 'MZ404', message = 'need_not_found';
  end if;
  insert into public.need_comments (need_id, body, is_official, approved_at)
  values (p_need, btrim(p_body), true, now())
  returning id into v_id;
  return json_build_object('id', v_id);
end
$$;

-- Abuse reports on a comment are rows of public.abuse_reports with comment_id set (moderation
-- migration); erasing a comment erases its reports.
alter table public.abuse_reports add constraint abuse_reports_comment_id_fkey
  foreign key (comment_id) references public.need_comments (id) on delete cascade;

-- Approves a comment, or restores a hidden one; its open abuse reports are marked reviewed, so
-- new reports are needed to hide it again. SECURITY INVOKER: RLS lets editors only (42501).
create or replace function public.approve_comment(p_comment bigint)
returns json language sql set search_path = '' as $$
  with changed as (
    update public.need_comments
    set approved_at = coalesce(approved_at, now()), hidden_at = null, hidden_reason = null
    where id = p_comment returning id
  ), reviewed as (
    update public.abuse_reports set reviewed_at = now()
    where comment_id = p_comment and reviewed_at is null and exists (select 1 from changed)
  )
  select private.answer_unless_refused(exists (select 1 from changed), 'not_allowed',
    json_build_object('id', p_comment, 'approved', true))
$$;

-- Hides a comment (a pending one is thereby refused). SECURITY INVOKER: editors only (42501).
create or replace function public.hide_comment(p_comment bigint)
returns json language sql set search_path = '' as $$
  with changed as (
    update public.need_comments
    set hidden_at = coalesce(hidden_at, now()), hidden_reason = coalesce(hidden_reason, 'moderator')
    where id = p_comment returning id
  )
  select private.answer_unless_refused(exists (select 1 from changed), 'not_allowed',
    json_build_object('id', p_comment, 'hidden', true))
$$;

-- The comments of a need the caller may read (RLS decides: the public sees approved ones, staff
-- all), oldest first. SECURITY INVOKER.
create or replace function public.need_comments_json(p_ref text)
returns json language sql stable set search_path = '' as $$
  select coalesce(json_agg(json_build_object('id', c.id, 'nickname', c.nickname, 'body', c.body,
    'is_official', c.is_official, 'created_at', c.created_at) order by c.created_at, c.id), '[]'::json)
  from public.need_comments c
  join public.needs n on n.id = c.need_id
  where n.ref = p_ref and private.is_public_comment(c.approved_at, c.hidden_at, c.need_id)
$$;

-- The comment queue of a region for staff: comments waiting for approval, comments hidden by
-- abuse reports, and public comments with three or more open abuse reports; with their need.
create or replace function public.comment_queue(p_region text)
returns json language sql stable set search_path = '' as $$
  select coalesce(json_agg(json_build_object('id', c.id, 'nickname', c.nickname, 'body', c.body,
    'is_official', c.is_official, 'created_at', c.created_at,
    'approved', c.approved_at is not null, 'hidden_reason', c.hidden_reason,
    'abuse_reports', a.open,
    'need', json_build_object('id', n.id, 'ref', n.ref, 'title', n.title))
    order by c.created_at, c.id), '[]'::json)
  from public.need_comments c
  join public.needs n on n.id = c.need_id
  join public.regions r on r.id = n.region_id
  cross join lateral (select count(*)::integer as open from public.abuse_reports x
    where x.comment_id = c.id and x.reviewed_at is null) a
  where r.slug = p_region
    and (select private.is_staff())
    and ((c.approved_at is null and c.hidden_at is null)
      or c.hidden_reason = 'abuse_reports'
      or (c.hidden_at is null and a.open >= 3))
$$;

select private.grant_execute('anon, authenticated, service_role',
  'public.comment_mode(text)', 'public.set_comment_mode(text,text)',
  'public.post_official_reply(uuid,text)', 'public.approve_comment(bigint)',
  'public.hide_comment(bigint)', 'public.need_comments_json(text)');

select private.grant_execute('authenticated, service_role', 'public.comment_queue(text)');

select private.grant_execute('anon, authenticated', 'private.submit_comment(jsonb)');

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.is_public_comment(timestamp with time zone,timestamp with time zone,uuid) is 'Whether a comment is public: approved, not hidden, on a public need.';
comment on function public.comment_mode(text) is 'The moderation mode of a region''s comments: approval or publish.';
comment on function public.set_comment_mode(text,text) is 'Sets the moderation mode of a region''s comments (editors).';
comment on function private.submit_comment(jsonb) is 'The one write path for residents'' comments, guarded like reports.';
comment on function public.post_official_reply(uuid,text) is 'An editor''s official reply on a need, public at once.';
comment on function public.approve_comment(bigint) is 'Approves or restores a comment and closes its open abuse reports (editors).';
comment on function public.hide_comment(bigint) is 'Hides a comment (editors).';
comment on function public.need_comments_json(text) is 'The public comments of a need, oldest first.';
comment on function public.comment_queue(text) is 'Comments of a region waiting for moderation, for staff.';
