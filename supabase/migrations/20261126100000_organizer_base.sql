-- Organizer tools, shared base: local accounts and sessions, the audit log, and the
-- columns of resources and activities that the register, planning and activities all read.
-- Functions and pages of each area live in their own later migrations.

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
create unique index local_accounts_email_idx on private.local_accounts (email);

-- Sessions: the cookie holds a random token; only its SHA-256 is stored.
create table private.local_sessions (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  account_id uuid not null references private.local_accounts (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index local_sessions_account_idx on private.local_sessions (account_id);

alter table private.local_accounts enable row level security;
alter table private.local_sessions enable row level security;
revoke all on private.local_accounts, private.local_sessions from anon, authenticated;

create trigger local_accounts_touch before update on private.local_accounts
  for each row execute function private.touch_updated_at();

-- Audit log: who, when, what, before and after. Written only by the trigger
-- below (SECURITY DEFINER), read only by admins.
create table public.audit_log (
  id bigint generated always as identity primary key,
  actor uuid,
  actor_role text,
  table_name text not null,
  row_id text,
  action text not null check (action in ('insert', 'update', 'delete')),
  before jsonb,
  after jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_table_row_idx on public.audit_log (table_name, row_id);
create index audit_log_created_idx on public.audit_log (created_at desc);

alter table public.audit_log enable row level security;
revoke all on public.audit_log from anon, authenticated;
grant select on public.audit_log to authenticated;
create policy audit_log_read on public.audit_log for select to authenticated
  using ((select private.is_admin()));

-- Large geometries (areas, boundaries) are left out of the snapshots: the log records that they
-- changed, not their thousands of vertices.
create or replace function private.audit_row() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_before jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) - 'area' - 'boundary' end;
  v_after jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) - 'area' - 'boundary' end;
  v_row jsonb := coalesce(v_after, v_before);
begin
  if tg_op = 'UPDATE' and to_jsonb(old) = to_jsonb(new) then
    return null;
  end if;
  insert into public.audit_log (actor, actor_role, table_name, row_id, action, before, after)
  values (
    auth.uid(),
    coalesce(private.app_role(), auth.role(), 'system'),
    tg_table_name,
    coalesce(v_row ->> 'id', v_row ->> 'need_id', v_row ->> 'activity_id'),
    lower(tg_op),
    v_before,
    v_after);
  return null;
end
$$;
revoke all on function private.audit_row() from public;

-- Resource register fields. Public institutional contact only: personal
-- contact data never goes into a public table.
alter table public.resources
  add column contact_email text check (char_length(contact_email) <= 254),
  add column contact_phone text check (char_length(contact_phone) <= 40),
  add column website text check (char_length(website) <= 300),
  add column capacity integer check (capacity between 0 and 100000),
  add column step_free text check (step_free in ('yes', 'no', 'partly')),
  add column amenities text[] not null default '{}'
    check (amenities <@ array['kitchen', 'projector', 'wifi', 'toilets', 'parking']),
  add column availability text check (char_length(availability) <= 2000),
  add column opening_hours text check (char_length(opening_hours) <= 500),
  add column owner_org text check (char_length(owner_org) <= 300),
  add column photo_key text check (photo_key ~ '^[a-z0-9][a-z0-9/_-]{0,120}\.(jpg|webp)$');

-- Activities: type, goals, timed start, venue, outcome, several villages.
-- The skeleton's date-only columns and status list are replaced; no activity rows existed.
alter table public.activities
  drop column starts_on,
  drop column ends_on,
  drop constraint activities_status_check,
  add column kind text not null default 'spotkanie-obywatelskie' check (kind in (
    'spotkanie-obywatelskie', 'partnerstwo-lokalne', 'wydarzenie-spoleczne', 'wolontariat',
    'grupa-samopomocowa', 'konsultacje-spoleczne', 'warsztaty', 'kampania-spoleczna')),
  add column goals text[] not null default '{}' check (goals <@ array[
    'wiezi-i-integracja', 'promocja-uslug', 'dziedzictwo-kulturowe', 'rozwoj-zainteresowan',
    'dzialalnosc-kulturalna', 'przedsiebiorczosc', 'kampanie-spoleczne']),
  add column starts_at timestamptz,
  add column ends_at timestamptz,
  add column venue_id uuid references public.resources (id) on delete set null,
  add column outcome_participants integer check (outcome_participants >= 0),
  add column outcome_notes text check (char_length(outcome_notes) <= 4000),
  add column updated_at timestamptz not null default now(),
  add constraint activities_time_check check (ends_at is null or starts_at is null or ends_at >= starts_at);
update public.activities set status = 'odbylo-sie' where status = 'zrealizowane';
alter table public.activities add constraint activities_status_check
  check (status in ('planowane', 'potwierdzone', 'odbylo-sie', 'odwolane'));
create index activities_venue_idx on public.activities (venue_id);
create index activities_starts_idx on public.activities (starts_at);
create trigger activities_touch before update on public.activities
  for each row execute function private.touch_updated_at();

-- An activity can serve several villages; activities.locality_id stays its main one.
create table public.activity_localities (
  activity_id uuid not null references public.activities (id) on delete cascade,
  locality_id bigint not null references public.localities (id) on delete cascade,
  primary key (activity_id, locality_id)
);
create index activity_localities_locality_idx on public.activity_localities (locality_id);

alter table public.activity_localities enable row level security;
revoke all on public.activity_localities from anon, authenticated;
grant select on public.activity_localities to anon, authenticated;
grant insert, delete on public.activity_localities to authenticated;
create policy activity_localities_read_anon on public.activity_localities for select to anon
  using (exists (select 1 from public.activities a where a.id = activity_id and a.published));
create policy activity_localities_read on public.activity_localities for select to authenticated
  using ((select private.is_staff()) or exists (
    select 1 from public.activities a where a.id = activity_id and a.published));
create policy activity_localities_insert on public.activity_localities for insert to authenticated
  with check ((select private.is_editor()));
create policy activity_localities_delete on public.activity_localities for delete to authenticated
  using ((select private.is_editor()));

-- The anon column grant of the skeleton named the dropped columns; restate it.
revoke select on public.activities from anon;
grant select (id, region_id, title, description, programme_category, locality_id, status,
  published, is_demo, created_at, kind, goals, starts_at, ends_at, venue_id,
  outcome_participants, updated_at) on public.activities to anon;
grant select (contact_email, contact_phone, website, capacity, step_free, amenities,
  availability, opening_hours, owner_org, photo_key) on public.resources to anon;

create trigger needs_audit after insert or update or delete on public.needs
  for each row execute function private.audit_row();
create trigger resources_audit after insert or update or delete on public.resources
  for each row execute function private.audit_row();
create trigger activities_audit after insert or update or delete on public.activities
  for each row execute function private.audit_row();
create trigger activity_needs_audit after insert or update or delete on public.activity_needs
  for each row execute function private.audit_row();
create trigger profiles_audit after insert or update or delete on public.profiles
  for each row execute function private.audit_row();
create trigger need_photos_audit after insert or update or delete on public.need_photos
  for each row execute function private.audit_row();
