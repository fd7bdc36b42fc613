-- Getting into a new installation and back into a forgotten account, for local accounts (the
-- embedded and self-hosted modes; Supabase Auth has its own of both).
--
-- 1. The first admin. While no enabled local account has the admin role, every server start
--    issues a one-time setup token and prints its link (src/lib/server/auth/setup.ts); the page
--    behind it creates the first admin while the server runs. Only the token's SHA-256 is
--    stored, it expires, and it is refused once any admin exists.
-- 2. Password reset (OWASP Forgot Password Cheat Sheet): a single-use, time-limited link by
--    e-mail through public.mail_outbox. The link is the reset's id signed with the per-database
--    secret (private.signed_uuid, purpose 'password-reset'), so the mailer recomputes it and it is
--    never stored; issuing a new one, using one or changing the password ends the older ones, and
--    a reset ends the account's sessions.
-- Called by the server's auth module as the owner, like the sign-in functions (local_auth), except
-- the admin's "send reset link" (private.send_password_reset), which checks the admin role itself.

create table private.setup_tokens (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
comment on table private.setup_tokens is 'SHA-256 of the one-time link that creates the first admin; owner only.';

select private.lock_table('private.setup_tokens');

-- Whether someone can administer the installation: an enabled local account with the admin role.
create or replace function private.local_admin_exists() returns boolean
language sql stable set search_path = '' as $$
  select exists (
    select 1 from public.profiles p
    join private.local_accounts a on a.id = p.id and not a.disabled
    where p.role = 'admin')
$$;

-- At start: with no admin, replaces any earlier setup token by `p_token_hash` (valid
-- `p_ttl_seconds`) and returns true; with an admin, drops every setup token and returns false.
create or replace function private.issue_setup_token(p_token_hash text, p_ttl_seconds integer)
returns boolean language plpgsql set search_path = '' as $$
begin
  delete from private.setup_tokens;
  if private.local_admin_exists() then
    return false;
  end if;
  insert into private.setup_tokens (token_hash, expires_at)
  values (p_token_hash, now() + make_interval(secs => p_ttl_seconds));
  return true;
end
$$;

-- What a setup link is worth now: 'valid', 'expired', or null (unknown, used, or an admin exists).
create or replace function private.setup_token_state(p_token_hash text) returns text
language sql stable set search_path = '' as $$
  select case when t.expires_at > now() then 'valid' else 'expired' end
  from private.setup_tokens t
  where t.token_hash = p_token_hash and not private.local_admin_exists()
$$;

-- Creates the first admin with a valid setup token and ends every setup token. MZ404 for an
-- unknown or used token, MZ410 for an expired one or when an admin exists already, MZ409 when
-- the e-mail has an account.
create or replace function private.create_first_admin(p_token_hash text, p_email text,
  p_password_hash text)
returns uuid language plpgsql set search_path = '' as $$
declare
  v_expires timestamptz;
  v_id uuid;
begin
  -- Two tabs with the same link: the second waits here, then finds the token gone.
  select t.expires_at into v_expires from private.setup_tokens t
  where t.token_hash = p_token_hash for update;
  if v_expires is null then
    raise exception using errcode = 'MZ404', message = 'setup_unknown';
  end if;
  if private.local_admin_exists() then
    delete from private.setup_tokens;
    raise exception using errcode = 'MZ410', message = 'setup_done';
  end if;
  if v_expires <= now() then
    raise exception using errcode = 'MZ410', message = 'setup_expired';
  end if;
  v_id := private.create_local_account(p_email, p_password_hash, 'admin', '');
  delete from private.setup_tokens;
  return v_id;
end
$$;

-- Password resets: one row per link issued; the link is `<id>.<signature>`.
create table private.password_resets (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references private.local_accounts (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
comment on table private.password_resets is 'Password reset links of local accounts (the link is the id signed with the server secret); owner only.';

create index password_resets_account_idx on private.password_resets (account_id);

select private.lock_table('private.password_resets');

-- The reset mail: the outbox row names its reset, and goes when the reset is used or superseded
-- (its link no longer works, so neither the mail nor the admin's copy of it is kept).
alter table public.mail_outbox
  add column reset_id uuid references private.password_resets (id) on delete cascade,
  add constraint mail_outbox_reset_check check ((kind = 'password_reset') = (reset_id is not null));

create index mail_outbox_reset_idx on public.mail_outbox (reset_id) where reset_id is not null;

comment on column public.mail_outbox.reset_id is 'password_reset: the reset whose link the message carries.';

-- A new password (the reset, or any other change) ends the account's reset links.
create or replace function private.forget_password_resets() returns trigger
language plpgsql set search_path = '' as $$
begin
  delete from private.password_resets r where r.account_id = new.id;
  return null;
end
$$;

create trigger local_accounts_password_changed after update of password_hash
  on private.local_accounts for each row
  when (old.password_hash is distinct from new.password_hash)
  execute function private.forget_password_resets();

-- A reset link valid for an hour for the enabled account `p_account`, mailed through the outbox in
-- `p_locale`; the account's older links end. Returns the new reset's id.
create or replace function private.issue_password_reset(p_account uuid, p_locale text)
returns uuid language plpgsql set search_path = '' as $$
declare
  v_email text;
  v_id uuid;
begin
  select a.email into v_email from private.local_accounts a
  where a.id = p_account and not a.disabled;
  if v_email is null then
    raise exception using errcode = 'MZ404', message = 'account_unknown';
  end if;
  delete from private.password_resets r
  where r.account_id = p_account or r.expires_at < now() - interval '1 day';
  insert into private.password_resets (account_id, expires_at)
  values (p_account, now() + interval '1 hour')
  returning id into v_id;
  insert into public.mail_outbox (kind, reset_id, to_email, locale)
  values ('password_reset', v_id, v_email,
    case when p_locale in ('pl', 'en') then p_locale else 'pl' end);
  return v_id;
end
$$;

-- Reset requests by e-mail (the "forgot password" form), with the request's network hash: one
-- slot of `password_reset_ip` for the network (MZ429 beyond it), then, when the address has an
-- enabled account and `password_reset_email` has room for it, a link. The answer is the same
-- whether or not an account exists (OWASP: no account enumeration); nothing is returned.
create or replace function private.request_password_reset(p_email text, p_ip_hash text,
  p_locale text)
returns void language plpgsql set search_path = '' as $$
declare
  v_account uuid;
begin
  perform private.take_rate('password_reset_ip', p_ip_hash);
  select a.id into v_account from private.local_accounts a
  where a.email = lower(btrim(p_email)) and not a.disabled;
  if v_account is null then
    return;
  end if;
  begin
    perform private.take_rate('password_reset_email', private.email_hash(p_email));
  exception when sqlstate 'MZ429' then
    return;
  end;
  perform private.issue_password_reset(v_account, p_locale);
end
$$;

insert into private.rate_rules (scope, limits) values
  -- "Forgot password" requests per network, and links per address (the others are dropped).
  ('password_reset_ip', '[{"count": 10, "seconds": 3600}]'),
  ('password_reset_email', '[{"count": 3, "seconds": 3600}]')
on conflict (scope) do nothing;

-- An admin's "send reset link" for a local account (admins only): returns the reset's id, from
-- which the server shows the link once when no mail server is configured.
create or replace function private.send_password_reset(p_account uuid, p_locale text)
returns uuid language plpgsql security definer set search_path = '' as $$
begin
  perform private.refuse_unless(private.is_admin(), 'admin_only');
  return private.issue_password_reset(p_account, p_locale);
end
$$;

-- What a reset link is worth now: 'valid', 'expired', or null (forged, used or superseded).
create or replace function private.password_reset_state(p_token text) returns text
language sql stable set search_path = '' as $$
  select case when r.expires_at > now() then 'valid' else 'expired' end
  from private.password_resets r
  join private.local_accounts a on a.id = r.account_id and not a.disabled
  where r.id = private.signed_uuid(p_token, 'password-reset')
$$;

-- Sets a new password with a valid reset link and ends the account's sessions and reset links;
-- returns the account. MZ404 for a forged, used or superseded link (or a disabled account), MZ410
-- for an expired one.
create or replace function private.reset_password(p_token text, p_password_hash text)
returns uuid language plpgsql set search_path = '' as $$
declare
  v_reset private.password_resets;
begin
  select r.* into v_reset from private.password_resets r
  join private.local_accounts a on a.id = r.account_id and not a.disabled
  where r.id = private.signed_uuid(p_token, 'password-reset')
  for update of r;
  if v_reset.id is null then
    raise exception using errcode = 'MZ404', message = 'reset_unknown';
  end if;
  if v_reset.expires_at <= now() then
    raise exception using errcode = 'MZ410', message = 'reset_expired';
  end if;
  -- The trigger above ends the reset links; whoever was signed in with the old password is out.
  update private.local_accounts set password_hash = p_password_hash where id = v_reset.account_id;
  delete from private.local_sessions s where s.account_id = v_reset.account_id;
  return v_reset.account_id;
end
$$;

select private.grant_execute('authenticated', 'private.send_password_reset(uuid,text)');

revoke all on function private.local_admin_exists(), private.issue_setup_token(text,integer),
  private.setup_token_state(text), private.create_first_admin(text,text,text),
  private.forget_password_resets(), private.issue_password_reset(uuid,text),
  private.request_password_reset(text,text,text), private.password_reset_state(text),
  private.reset_password(text,text)
  from public, anon, authenticated, service_role;

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.local_admin_exists() is 'Whether an enabled local account has the admin role.';
comment on function private.issue_setup_token(text,integer) is 'At start with no admin: replaces the setup token; with an admin: drops it.';
comment on function private.setup_token_state(text) is 'Whether a setup link is valid, expired, or unknown/used.';
comment on function private.create_first_admin(text,text,text) is 'Creates the first admin with a valid setup token, ending it.';
comment on function private.forget_password_resets() is 'Trigger: a changed password ends the account''s reset links.';
comment on function private.issue_password_reset(uuid,text) is 'Issues a one-hour reset link for an account and queues its mail.';
comment on function private.request_password_reset(text,text,text) is 'A "forgot password" request: rate-limited, silent about unknown addresses.';
comment on function private.send_password_reset(uuid,text) is 'An admin sends a reset link to a local account (admins only).';
comment on function private.password_reset_state(text) is 'Whether a reset link is valid, expired, or unknown/used.';
comment on function private.reset_password(text,text) is 'Sets a new password with a reset link, ending its sessions and links.';
