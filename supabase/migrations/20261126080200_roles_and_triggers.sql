-- Role checks used by the RLS policies, and triggers that keep derived columns honest.
-- All SECURITY DEFINER functions live in `private` (not exposed by the API) with a fixed
-- search_path (Supabase linter 0011).

-- The staff role of the current request: from `profiles` (changeable only by an admin) or, when
-- there is no profile row, from the JWT's app_metadata (writable only with the service key).
-- SECURITY DEFINER so that policies on `profiles` itself can call it without recursion.
create or replace function private.app_role() returns text
language sql stable security definer
set search_path = ''
as $$
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

-- Statuses in which a need is public (public only once published; later
-- steps of the moderation workflow stay public).
create or replace function private.is_public_need_status(p_status text) returns boolean
language sql immutable parallel safe
set search_path = ''
as $$
  select p_status in ('opublikowane', 'w_analizie', 'zaplanowane', 'w_realizacji', 'zrealizowane')
$$;

revoke all on function private.app_role(), private.is_staff(), private.is_editor(),
  private.is_admin(), private.is_public_need_status(text) from public;
grant execute on function private.app_role(), private.is_staff(), private.is_editor(),
  private.is_admin(), private.is_public_need_status(text) to anon, authenticated, service_role;

create or replace function private.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- The locality whose approximate area contains a point; shared by the placement trigger and the
-- region loader, which re-attaches items after the areas are recomputed.
create or replace function private.locality_at(p_region_id bigint, p_point extensions.geometry)
returns bigint
language sql stable
set search_path = ''
as $$
  select l.id from public.localities l
  where l.region_id = p_region_id and extensions.st_covers(l.area, p_point)
  order by l.id
  limit 1
$$;
revoke all on function private.locality_at(bigint, extensions.geometry) from public;
grant execute on function private.locality_at(bigint, extensions.geometry) to anon, authenticated, service_role;

-- Points must lie inside their region, and each item is attached to the locality whose
-- approximate area contains it. The same check runs in the browser with turf;
-- this one is authoritative. SECURITY DEFINER: reads the private reference counter.
create or replace function private.place_item() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_inside boolean;
begin
  select extensions.st_covers(r.boundary, new.point) into v_inside
  from public.regions r where r.id = new.region_id;
  if not coalesce(v_inside, false) then
    raise exception using errcode = '23514', message = 'point_outside_region',
      detail = 'The point lies outside the region boundary.';
  end if;
  -- Compared as WKB: with an empty search_path the geometry = operator is ambiguous.
  if tg_op = 'INSERT' or extensions.st_asewkb(new.point) is distinct from extensions.st_asewkb(old.point) then
    new.locality_id := private.locality_at(new.region_id, new.point);
  end if;
  return new;
end
$$;

create or replace function private.assign_need_ref() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_year integer := extract(year from now())::integer;
  v_next integer;
  v_prefix text;
begin
  -- A request never chooses its reference: a chosen future number would collide with the
  -- counter and block every later report. Owner scripts (imports) may keep theirs.
  if new.ref is not null and coalesce(auth.role(), '') not in ('anon', 'authenticated') then
    return new;
  end if;
  insert into private.need_ref_counters as c (region_id, year, last_value)
  values (new.region_id, v_year, 1)
  on conflict (region_id, year) do update set last_value = c.last_value + 1
  returning last_value into v_next;
  select r.ref_prefix into v_prefix from public.regions r where r.id = new.region_id;
  new.ref := v_prefix || '-' || v_year || '-' || lpad(v_next::text, 4, '0');
  return new;
end
$$;

-- Exact counts under concurrency: the row lock taken by UPDATE serialises concurrent supports
-- of one need (100 parallel supports give exactly 100).
create or replace function private.count_support() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    update public.needs set support_count = support_count + 1 where id = new.need_id;
  else
    update public.needs set support_count = greatest(support_count - 1, 0) where id = old.need_id;
  end if;
  return null;
end
$$;

revoke all on function private.touch_updated_at(), private.place_item(),
  private.assign_need_ref(), private.count_support() from public;

create trigger resources_place before insert or update of point, region_id on public.resources
  for each row execute function private.place_item();
create trigger resources_touch before update on public.resources
  for each row execute function private.touch_updated_at();
create trigger needs_place before insert or update of point, region_id on public.needs
  for each row execute function private.place_item();
create trigger needs_ref before insert on public.needs
  for each row execute function private.assign_need_ref();
create trigger needs_touch before update on public.needs
  for each row execute function private.touch_updated_at();
create trigger need_supports_count after insert or delete on public.need_supports
  for each row execute function private.count_support();
create trigger profiles_touch before update on public.profiles
  for each row execute function private.touch_updated_at();
