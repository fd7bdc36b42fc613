-- Staff sign-in throttled per (account, network) pair, and staff account ids hidden from
-- everyone who is not staff.

-- 1. Sign-in throttling (local accounts).
--
-- Before: five failures per e-mail or per IP within 15 minutes refused every sign-in of that
-- account and from that IP, also with the right password from an office that never failed. Now
-- (OWASP Authentication Cheat Sheet, "Login Throttling"; OWASP ASVS 5.0 V6.3.1):
--   * the pair (account, network) is the unit: after 5 failures of a pair within an hour it waits
--     1 s, 2 s, 4 s … (doubling per further failure, at most 5 minutes) after its last failure;
--   * a correct password from a network with no failures on that account always gets through;
--   * an account failing from many networks (20 failures in 15 minutes, a distributed guess) is
--     under attack: each network then waits after its FIRST failure, 1 minute doubling up to 15
--     minutes, but a network with no failure on the account still gets its attempt at once;
--   * a network failing on many accounts (credential stuffing) waits after 50 failures in 15
--     minutes — generous, because a whole office (CUS) shares one public IP.
-- An attempt is recorded as a failure BEFORE the password is checked, under a lock per pair, so
-- parallel guesses of one pair are counted one by one; a correct password deletes the pair's
-- rows (the pair is reset). Only keyed hashes are stored, never an e-mail or an address.

create table private.login_attempts (
  pair text not null,
  account text not null,
  network text not null,
  at timestamptz not null default now()
);
create index login_attempts_pair_at_idx on private.login_attempts (pair, at);
create index login_attempts_account_at_idx on private.login_attempts (account, at);
create index login_attempts_network_at_idx on private.login_attempts (network, at);
create index login_attempts_at_idx on private.login_attempts (at);
alter table private.login_attempts enable row level security;
revoke all on private.login_attempts from anon, authenticated;

-- Seconds still to wait after `p_failures` failures, the last at `p_last`, when the first
-- `p_free` failures cost nothing: `p_base` seconds after the p_free-th, doubling per further
-- failure, at most `p_cap` seconds.
create or replace function private.login_delay(p_failures integer, p_free integer,
  p_last timestamptz, p_base integer, p_cap integer)
returns numeric
language sql stable
set search_path = ''
as $$
  select case when p_failures < p_free or p_last is null then 0
    else greatest(0, extract(epoch from (p_last
      + make_interval(secs => least(p_base * power(2, least(p_failures - p_free, 20)), p_cap))
      - now())))
  end
$$;

-- 0: the attempt may go on and is recorded (as a failure until login_succeeded); otherwise the
-- whole seconds to wait (Retry-After, RFC 9110 §10.2.3) and nothing is recorded.
create or replace function private.begin_login_attempt(p_pair text, p_account text,
  p_network text)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_pair_failures integer;
  v_pair_last timestamptz;
  v_account_failures integer;
  v_network_failures integer;
  v_network_last timestamptz;
  v_wait numeric;
begin
  -- Serialises the attempts of one pair, so a burst of parallel guesses is counted exactly.
  perform pg_advisory_xact_lock(hashtext('login:' || p_pair));
  delete from private.login_attempts a where a.at < now() - interval '1 day';

  select count(*), max(a.at) into v_pair_failures, v_pair_last
  from private.login_attempts a where a.pair = p_pair and a.at > now() - interval '1 hour';
  select count(*) into v_account_failures
  from private.login_attempts a where a.account = p_account and a.at > now() - interval '15 minutes';
  select count(*), max(a.at) into v_network_failures, v_network_last
  from private.login_attempts a where a.network = p_network and a.at > now() - interval '15 minutes';

  v_wait := greatest(
    case when v_account_failures >= 20
      then private.login_delay(v_pair_failures, 1, v_pair_last, 60, 900)
      else private.login_delay(v_pair_failures, 5, v_pair_last, 1, 300) end,
    private.login_delay(v_network_failures, 50, v_network_last, 1, 300));
  if v_wait > 0 then
    return ceil(v_wait)::integer;
  end if;
  insert into private.login_attempts (pair, account, network) values (p_pair, p_account, p_network);
  return 0;
end
$$;

-- The right password: the pair starts afresh (its failures no longer count for the account or
-- the network either, so an office's typos do not add up towards the network limit).
create or replace function private.login_succeeded(p_pair text)
returns void
language sql
set search_path = ''
as $$
  delete from private.login_attempts a where a.pair = p_pair;
$$;

revoke all on function private.login_delay(integer, integer, timestamptz, integer, integer),
  private.begin_login_attempt(text, text, text), private.login_succeeded(text) from public;

-- The former per-e-mail and per-IP lockout, and its counters in the shared rate table.
drop function private.login_failures(text[], integer);
drop function private.record_login_failure(text[]);
drop function private.clear_login_failures(text[]);
delete from private.rate_events e where e.bucket like 'login:%';

-- 2. Staff account ids (created_by, updated_by) are for staff only.
--
-- anon never had them (column grants); the role `authenticated` had whole-table SELECT, so any
-- signed-in resident read which staff account wrote each public resource, activity, status
-- change, consultation, diagnosis and legal page (and which account reported each public need).
-- Residents and staff share the role `authenticated`, so the columns are withdrawn from the role
-- (SELECT on every other column stays, listed from the catalogue so columns added earlier keep
-- their grant). A column added to these tables later needs its own `grant select (col)`.
-- Staff read an author through private.staff_author below. RLS policies may still compare
-- `created_by = auth.uid()`: policy expressions need no column privilege of the caller.
do $$
declare
  v record;
  v_cols text;
begin
  for v in
    select * from (values ('needs', 'created_by'), ('need_events', 'created_by'),
      ('resources', 'created_by'), ('activities', 'created_by'), ('consultations', 'created_by'),
      ('diagnoses', 'updated_by'), ('legal_pages', 'updated_by')) as t(tbl, hidden)
  loop
    select string_agg(quote_ident(a.attname), ', ' order by a.attnum) into v_cols
    from pg_catalog.pg_attribute a
    where a.attrelid = format('public.%I', v.tbl)::regclass and a.attnum > 0
      and not a.attisdropped and a.attname <> v.hidden;
    execute format('revoke select on public.%I from authenticated', v.tbl);
    execute format('grant select (%s) on public.%I to authenticated', v_cols, v.tbl);
  end loop;
end
$$;

-- The staff account that created (or last updated) a row, for staff only. SECURITY DEFINER
-- because the caller no longer holds the column; every table listed is fully readable by staff
-- under RLS, so this reveals nothing more to them.
create or replace function private.staff_author(p_table text, p_id text)
returns uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not private.is_staff() then
    raise exception using errcode = '42501', message = 'staff_only';
  end if;
  return case p_table
    when 'needs' then (select x.created_by from public.needs x where x.id::text = p_id)
    when 'need_events' then (select x.created_by from public.need_events x where x.id::text = p_id)
    when 'resources' then (select x.created_by from public.resources x where x.id::text = p_id)
    when 'activities' then (select x.created_by from public.activities x where x.id::text = p_id)
    when 'consultations' then
      (select x.created_by from public.consultations x where x.id::text = p_id)
    when 'diagnoses' then (select x.updated_by from public.diagnoses x where x.id::text = p_id)
    when 'legal_pages' then (select x.updated_by from public.legal_pages x where x.id::text = p_id)
  end;
end
$$;
revoke all on function private.staff_author(text, text) from public, anon;
grant execute on function private.staff_author(text, text) to authenticated;

-- `returning *` needs SELECT on every column; the editor's save now names what it returns.
create or replace function public.save_diagnosis(p_region text, p_scope text, p_body text, p_status text)
returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  v_region bigint;
  v_scope text;
  v_status text;
  v_published_at timestamptz;
  v_updated_at timestamptz;
begin
  if p_status is not null and p_status not in ('draft', 'published') then
    raise exception using errcode = '22023', message = 'unknown status';
  end if;
  select r.id into v_region from public.regions r where r.slug = p_region;
  if v_region is null then
    raise exception using errcode = '22023', message = 'unknown region';
  end if;
  insert into public.diagnoses as d (region_id, scope, body, status, published_at, updated_by)
  values (v_region, p_scope, coalesce(p_body, ''), coalesce(p_status, 'draft'),
    case when p_status = 'published' then now() end, auth.uid())
  on conflict (region_id, scope) do update set
    body = coalesce(p_body, d.body),
    status = coalesce(p_status, d.status),
    published_at = case when coalesce(p_status, d.status) = 'draft' then null
      when p_status = 'published' then now() else d.published_at end,
    updated_by = auth.uid()
  returning d.scope, d.status, d.published_at, d.updated_at
  into v_scope, v_status, v_published_at, v_updated_at;
  return jsonb_build_object('scope', v_scope, 'status', v_status,
    'published_at', v_published_at, 'updated_at', v_updated_at);
end
$$;
