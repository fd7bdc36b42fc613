-- Local accounts (embedded and self-hosted modes). Called only by the server's
-- auth module as the owner — the part that plays GoTrue's role — never by a request role.
-- The claims it produces have Supabase's shape, so the RLS policies are the same in both modes.

revoke all on private.rate_events from anon, authenticated;

create or replace function private.create_local_account(
  p_email text, p_password_hash text, p_role text, p_display_name text)
returns uuid
language plpgsql
set search_path = ''
as $$
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

-- Failed sign-ins in the window, per bucket (e-mail and IP, both hashed): the highest count.
create or replace function private.login_failures(p_buckets text[], p_seconds integer)
returns integer
language sql stable
set search_path = ''
as $$
  select coalesce(max(c), 0)::integer from (
    select count(*) as c from private.rate_events e
    where e.bucket = any (p_buckets) and e.at > now() - make_interval(secs => p_seconds)
    group by e.bucket) s
$$;

create or replace function private.record_login_failure(p_buckets text[])
returns void
language sql
set search_path = ''
as $$
  insert into private.rate_events (bucket) select unnest(p_buckets);
$$;

create or replace function private.clear_login_failures(p_buckets text[])
returns void
language sql
set search_path = ''
as $$
  delete from private.rate_events e where e.bucket = any (p_buckets);
$$;

create or replace function private.create_session(p_account uuid, p_token_hash text, p_ttl_seconds integer)
returns void
language sql
set search_path = ''
as $$
  delete from private.local_sessions s where s.expires_at < now();
  insert into private.local_sessions (token_hash, account_id, expires_at)
  values (p_token_hash, p_account, now() + make_interval(secs => p_ttl_seconds));
$$;

-- The person behind a session token hash, with their staff role (profiles), sliding the expiry.
-- Disabled accounts and expired sessions resolve to nothing.
create or replace function private.session_account(p_token_hash text, p_ttl_seconds integer)
returns table (id uuid, email text, role text)
language plpgsql
set search_path = ''
as $$
begin
  update private.local_sessions s
  set last_seen_at = now(), expires_at = now() + make_interval(secs => p_ttl_seconds)
  where s.token_hash = p_token_hash and s.expires_at > now()
    and s.last_seen_at < now() - interval '1 minute';
  return query
    select a.id, a.email, p.role
    from private.local_sessions s
    join private.local_accounts a on a.id = s.account_id and not a.disabled
    left join public.profiles p on p.id = a.id
    where s.token_hash = p_token_hash and s.expires_at > now();
end
$$;

create or replace function private.end_session(p_token_hash text)
returns void
language sql
set search_path = ''
as $$
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
returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'admin_only';
  end if;
  if p_id = auth.uid() then
    raise exception using errcode = 'MZ422', message = 'cannot_disable_self';
  end if;
  update private.local_accounts set disabled = p_disabled where id = p_id;
  if p_disabled then
    delete from private.local_sessions where account_id = p_id;
  end if;
end
$$;

revoke all on function private.create_local_account(text, text, text, text),
  private.local_account_by_email(text), private.login_failures(text[], integer),
  private.record_login_failure(text[]), private.clear_login_failures(text[]),
  private.create_session(uuid, text, integer), private.session_account(text, integer),
  private.end_session(text), private.local_account_emails(),
  private.set_local_account_disabled(uuid, boolean) from public;
grant execute on function private.local_account_emails(),
  private.set_local_account_disabled(uuid, boolean) to authenticated;
