-- Who may do what. RLS is the single source of truth: every request runs as `anon` or
-- `authenticated` with its JWT claims, on every backend. Staff roles come from public.profiles
-- (or the JWT's app_metadata); the private.is_*() helpers below are what the policies check.
-- Grants are explicit per table, so the result does not depend on a platform's default
-- privileges. One permissive policy per table, role and action (Supabase linter 0006), and role
-- checks are wrapped in (select …) so they run once per statement (linter 0003). All SECURITY
-- DEFINER functions live in `private` (not exposed by the API) with a fixed search_path
-- (linter 0011).
--
-- This file: staff profiles and roles, and the audit log (who, when, what, before and after).

-- Staff roles. The id is the auth user's id (auth.users on Supabase, a local account otherwise);
-- no foreign key, because auth.users exists only on Supabase.
create table public.profiles (
  id uuid primary key,
  display_name text not null default '' check (char_length(display_name) <= 200),
  role text not null check (role in ('organizer', 'council', 'admin')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.profiles is 'Staff accounts and their role (organizer, council, admin); the id is the auth user id.';

-- The staff role of the current request: from `profiles` (changeable only by an admin) or, when
-- there is no profile row, from the JWT's app_metadata (writable only with the service key).
-- SECURITY DEFINER so that policies on `profiles` itself can call it without recursion.
create or replace function private.app_role() returns text
language sql stable security definer set search_path = '' as $$
  select case when r in ('organizer', 'council', 'admin') then r end
  from (
    select coalesce(
      (select p.role from public.profiles p where p.id = auth.uid()),
      auth.jwt() -> 'app_metadata' ->> 'role'
    ) as r
    where auth.role() = 'authenticated'
  ) s
$$;

-- Read access to the organizer views: organizer, council (read-only) and admin.
create or replace function private.is_staff() returns boolean
language sql stable
set search_path = ''
as $$ select coalesce(private.app_role() in ('organizer', 'council', 'admin'), false) $$;

-- Write access: organizer and admin; council is read-only.
create or replace function private.is_editor() returns boolean
language sql stable
set search_path = ''
as $$ select coalesce(private.app_role() in ('organizer', 'admin'), false) $$;

create or replace function private.is_admin() returns boolean
language sql stable
set search_path = ''
as $$ select coalesce(private.app_role() = 'admin', false) $$;

create trigger profiles_touch before update on public.profiles
  for each row execute function private.touch_updated_at();

select private.lock_table('public.profiles');
grant select, insert, update, delete on public.profiles to authenticated;

create policy profiles_read on public.profiles for select to authenticated
  using (id = (select auth.uid()) or (select private.is_admin()));

create policy profiles_insert on public.profiles for insert to authenticated with check ((select private.is_admin()));
create policy profiles_update on public.profiles for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));

create policy profiles_delete on public.profiles for delete to authenticated using ((select private.is_admin()));

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
comment on table public.audit_log is 'Who changed which row of an audited table, when, with the row before and after.';

create index audit_log_table_row_idx on public.audit_log (table_name, row_id);

create index audit_log_created_idx on public.audit_log (created_at desc);

select private.lock_table('public.audit_log');
grant select on public.audit_log to authenticated;

create policy audit_log_read on public.audit_log for select to authenticated using ((select private.is_admin()));

-- Large geometries (areas, boundaries) are left out of the snapshots: the log records that they
-- changed, not their thousands of vertices.
create or replace function private.audit_row() returns trigger
language plpgsql security definer set search_path = '' as $$
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

create trigger profiles_audit after insert or update or delete on public.profiles
  for each row execute function private.audit_row();

-- The audit log for admins: filters by table and date range (Europe/Warsaw days), newest first.
create or replace function public.audit_entries(p_table text, p_from date, p_to date,
  p_limit integer, p_offset integer)
returns json language sql stable set search_path = '' as $$
  with f as (
    select a.* from public.audit_log a
    where (p_table is null or a.table_name = p_table)
      and (p_from is null or a.created_at >= (p_from::timestamp at time zone 'Europe/Warsaw'))
      and (p_to is null or a.created_at < ((p_to + 1)::timestamp at time zone 'Europe/Warsaw'))
  )
  select json_build_object(
    'total', (select count(*) from f),
    'tables', coalesce((select json_agg(distinct a.table_name order by a.table_name) from public.audit_log a), '[]'::json),
    'entries', coalesce((select json_agg(json_build_object('id', x.id, 'actor', x.actor,
      'actor_name', (select nullif(p.display_name, '') from public.profiles p where p.id = x.actor),
      'actor_role', x.actor_role, 'table_name', x.table_name, 'row_id', x.row_id,
      'action', x.action, 'before', x.before, 'after', x.after, 'at', x.created_at)
      order by x.created_at desc, x.id desc)
      from (select * from f order by f.created_at desc, f.id desc
            limit least(greatest(coalesce(p_limit, 50), 1), 200)
            offset greatest(coalesce(p_offset, 0), 0)) x), '[]'::json)
  )
$$;

-- Staff account ids (created_by, updated_by) are for staff only: anon has column grants without
-- them, and since residents and staff share the role `authenticated`, that role gets column
-- grants without them too (a column added to these tables needs its own `grant select (col)`).
-- RLS policies may still compare `created_by = auth.uid()`: policy expressions need no column
-- privilege of the caller. Staff read an author through this function, for staff only. SECURITY
-- DEFINER because the caller does not hold the column; every table listed is fully readable by
-- staff under RLS, so this reveals nothing more to them.
create or replace function private.staff_author(p_table text, p_id text)
returns uuid language plpgsql stable security definer set search_path = '' as $$
begin
  perform private.refuse_unless(private.is_staff(), 'staff_only');
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

select private.grant_execute('anon, authenticated, service_role', 'private.app_role()',
  'private.is_staff()', 'private.is_editor()', 'private.is_admin()',
  'public.audit_entries(text,date,date,integer,integer)');

revoke all on function private.audit_row()
  from public, anon, authenticated, service_role;

select private.grant_execute('authenticated', 'private.staff_author(text,text)');

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.app_role() is 'The staff role of the current request: from profiles, else from the JWT app_metadata.';
comment on function private.is_staff() is 'Whether the request is staff (organizer, council or admin): read access to the panel.';
comment on function private.is_editor() is 'Whether the request may write as staff (organizer or admin; council reads only).';
comment on function private.is_admin() is 'Whether the request is an admin.';
comment on function private.audit_row() is 'Trigger: writes one audit_log row per inserted, updated or deleted row.';
comment on function public.audit_entries(text,date,date,integer,integer) is 'The audit log for admins, filtered by table and Warsaw dates, newest first.';
comment on function private.staff_author(text,text) is 'The staff account that created or last updated a row; staff only.';
