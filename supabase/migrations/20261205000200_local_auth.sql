-- Local accounts (embedded and self-hosted modes). Called only by the server's auth module as
-- the owner — the part that plays GoTrue's role — never by a request role. The claims it
-- produces have Supabase's shape, so the RLS policies are the same in both modes. On Supabase
-- these tables stay empty: Supabase Auth owns the users.

-- Local accounts for the embedded and self-hosted modes. On Supabase these
-- tables stay empty: Supabase Auth owns the users. Never exposed through the API (schema
-- `private`); only the server's auth module reads them, as the owner, like GoTrue does.
create table private.local_accounts (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(btrim(email)) and char_length(email) between 3 and 254),
  -- argon2id PHC string (@node-rs/argon2).
  password_hash text not null check (password_hash like '$argon2id$%'),
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table private.local_accounts is 'Accounts of the embedded and self-hosted modes (argon2id hashes); empty on Supabase.';

create unique index local_accounts_email_idx on private.local_accounts (email);

-- Sessions: the cookie holds a random token; only its SHA-256 is stored.
create table private.local_sessions (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  account_id uuid not null references private.local_accounts (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
comment on table private.local_sessions is 'Sign-in sessions of local accounts, by SHA-256 of the cookie token.';

create index local_sessions_account_idx on private.local_sessions (account_id);

select private.lock_table('private.local_accounts');

select private.lock_table('private.local_sessions');

create trigger local_accounts_touch before update on private.local_accounts
  for each row execute function private.touch_updated_at();

create or replace function private.create_local_account(
  p_email text, p_password_hash text, p_role text, p_display_name text)
returns uuid language plpgsql set search_path = '' as $$
declare
  v_id uuid;
begin
  if exists (select 1 from private.local_accounts a where a.email = lower(btrim(p_email))) then
    raise exception using errcode = 'MZ409', message = 'account_exists';
  end if;
  insert into private.local_accounts (email, password_hash)
  values (lower(btrim(p_email)), p_password_hash)
  returning id into v_id;
  if p_role is not null then
    insert into public.profiles (id, display_name, role)
    values (v_id, coalesce(p_display_name, ''), p_role);
  end if;
  return v_id;
end
$$;

-- The account behind an e-mail, for password verification in the server (argon2id in Node).
create or replace function private.local_account_by_email(p_email text)
returns table (id uuid, email text, password_hash text, disabled boolean)
language sql stable
set search_path = ''
as $$
  select a.id, a.email, a.password_hash, a.disabled
  from private.local_accounts a where a.email = lower(btrim(p_email))
$$;

create or replace function private.create_session(p_account uuid, p_token_hash text, p_ttl_seconds integer)
returns void language sql set search_path = '' as $$
  delete from private.local_sessions s where s.expires_at < now();
  insert into private.local_sessions (token_hash, account_id, expires_at)
  values (p_token_hash, p_account, now() + make_interval(secs => p_ttl_seconds));
$$;

-- The person behind a session token hash, with their staff role (profiles), sliding the expiry.
-- Disabled accounts and expired sessions resolve to nothing.
create or replace function private.session_account(p_token_hash text, p_ttl_seconds integer)
returns table (id uuid, email text, role text) language sql set search_path = '' as $$
  update private.local_sessions s
  set last_seen_at = now(), expires_at = now() + make_interval(secs => p_ttl_seconds)
  where s.token_hash = p_token_hash and s.expires_at > now()
    and s.last_seen_at < now() - interval '1 minute';
  select a.id, a.email, p.role
  from private.local_sessions s
  join private.local_accounts a on a.id = s.account_id and not a.disabled
  left join public.profiles p on p.id = a.id
  where s.token_hash = p_token_hash and s.expires_at > now();
$$;

-- Signing out: the session's token no longer resolves.
create or replace function private.end_session(p_token_hash text)
returns void language sql set search_path = '' as $$
  delete from private.local_sessions s where s.token_hash = p_token_hash;
$$;

-- Admin user management (/panel/uzytkownicy) goes through RLS on profiles; the e-mail of a local
-- account is shown to admins only.
create or replace function private.local_account_emails()
returns table (id uuid, email text, disabled boolean, created_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  select a.id, a.email, a.disabled, a.created_at from private.local_accounts a
  where private.is_admin()
  order by a.email
$$;

create or replace function private.set_local_account_disabled(p_id uuid, p_disabled boolean)
returns void language plpgsql security definer set search_path = '' as $$
begin
  perform private.refuse_unless(private.is_admin(), 'admin_only');
  if p_id = auth.uid() then
    raise exception using errcode = 'MZ422', message = 'cannot_disable_self';
  end if;
  update private.local_accounts set disabled = p_disabled where id = p_id;
  if p_disabled then
    delete from private.local_sessions where account_id = p_id;
  end if;
end
$$;

-- Staff sign-in is throttled per (account, network) pair (OWASP Authentication Cheat Sheet,
-- "Login Throttling"; OWASP ASVS 5.0 V6.3.1):
--   * after 5 failures of a pair within an hour it waits 1 s, 2 s, 4 s … (doubling per further
--     failure, at most 5 minutes) after its last failure;
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
comment on table private.login_attempts is 'Failed staff sign-ins per (account, network) pair, as keyed hashes, for throttling.';

create index login_attempts_pair_at_idx on private.login_attempts (pair, at);

create index login_attempts_account_at_idx on private.login_attempts (account, at);

create index login_attempts_network_at_idx on private.login_attempts (network, at);

create index login_attempts_at_idx on private.login_attempts (at);

select private.lock_table('private.login_attempts');

-- Seconds still to wait after `p_failures` failures, the last at `p_last`, when the first
-- `p_free` failures cost nothing: `p_base` seconds after the p_free-th, doubling per further
-- failure, at most `p_cap` seconds.
create or replace function private.login_delay(p_failures integer, p_free integer,
  p_last timestamptz, p_base integer, p_cap integer)
returns numeric language sql stable set search_path = '' as $$
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
returns integer language plpgsql set search_path = '' as $$
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
returns void language sql set search_path = '' as $$
  delete from private.login_attempts a where a.pair = p_pair;
$$;

select private.grant_execute('authenticated', 'private.local_account_emails()',
  'private.set_local_account_disabled(uuid,boolean)');

revoke all on function private.create_local_account(text,text,text,text),
  private.local_account_by_email(text), private.create_session(uuid,text,integer),
  private.session_account(text,integer), private.end_session(text),
  private.login_delay(integer,integer,timestamp with time zone,integer,integer),
  private.begin_login_attempt(text,text,text), private.login_succeeded(text)
  from public, anon, authenticated, service_role;

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.create_local_account(text,text,text,text) is 'Creates a local account and, with a role, its staff profile (npm run user:create).';
comment on function private.local_account_by_email(text) is 'The local account behind an e-mail, for password verification in the server.';
comment on function private.create_session(uuid,text,integer) is 'Starts a session for a local account and drops expired ones.';
comment on function private.session_account(text,integer) is 'The account and role behind a session token hash, sliding its expiry.';
comment on function private.end_session(text) is 'Ends a session (sign-out).';
comment on function private.local_account_emails() is 'E-mail addresses of local accounts, for the admin user list.';
comment on function private.set_local_account_disabled(uuid,boolean) is 'Disables or enables a local account (admins only; never oneself).';
comment on function private.login_delay(integer,integer,timestamp with time zone,integer,integer) is 'Seconds a sign-in still waits after a number of failures (doubling, capped).';
comment on function private.begin_login_attempt(text,text,text) is 'Records a sign-in attempt, or returns the seconds to wait first.';
comment on function private.login_succeeded(text) is 'Forgets the failures of a pair after a correct password.';
