-- Access rules. RLS is the single source of truth for who may read and write what:
-- every request runs as `anon` or `authenticated` with its JWT claims, on every backend.
-- Grants are explicit per table, so the result does not depend on Supabase's default privileges.
-- One permissive policy per table, role and action (Supabase linter 0006), and role checks are
-- wrapped in (select …) so they run once per statement (linter 0003).

alter table public.regions enable row level security;
alter table public.localities enable row level security;
alter table public.solectwa enable row level security;
alter table public.solectwo_localities enable row level security;
alter table public.address_points enable row level security;
alter table public.resource_categories enable row level security;
alter table public.need_categories enable row level security;
alter table public.resources enable row level security;
alter table public.needs enable row level security;
alter table public.need_contacts enable row level security;
alter table public.need_supports enable row level security;
alter table public.activities enable row level security;
alter table public.activity_needs enable row level security;
alter table public.profiles enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all functions in schema public from anon, authenticated;
alter table private.need_ref_counters enable row level security;
revoke all on private.need_ref_counters from anon, authenticated;

-- Geography and category lists: open data, read by everyone; written by admins only.
grant select on public.regions, public.localities, public.solectwa, public.solectwo_localities,
  public.address_points, public.resource_categories, public.need_categories to anon, authenticated;
grant insert, update, delete on public.regions, public.localities, public.solectwa,
  public.solectwo_localities, public.address_points, public.resource_categories,
  public.need_categories to authenticated;

create policy regions_read on public.regions for select to anon, authenticated using (true);
create policy regions_insert on public.regions for insert to authenticated with check ((select private.is_admin()));
create policy regions_update on public.regions for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));
create policy regions_delete on public.regions for delete to authenticated using ((select private.is_admin()));

create policy localities_read on public.localities for select to anon, authenticated using (true);
create policy localities_insert on public.localities for insert to authenticated with check ((select private.is_admin()));
create policy localities_update on public.localities for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));
create policy localities_delete on public.localities for delete to authenticated using ((select private.is_admin()));

-- The gmina completes the sołectwa list itself (17 of 30 are unknown): organizers may write.
create policy solectwa_read on public.solectwa for select to anon, authenticated using (true);
create policy solectwa_insert on public.solectwa for insert to authenticated with check ((select private.is_editor()));
create policy solectwa_update on public.solectwa for update to authenticated using ((select private.is_editor())) with check ((select private.is_editor()));
create policy solectwa_delete on public.solectwa for delete to authenticated using ((select private.is_admin()));

create policy solectwo_localities_read on public.solectwo_localities for select to anon, authenticated using (true);
create policy solectwo_localities_insert on public.solectwo_localities for insert to authenticated with check ((select private.is_editor()));
create policy solectwo_localities_update on public.solectwo_localities for update to authenticated using ((select private.is_editor())) with check ((select private.is_editor()));
create policy solectwo_localities_delete on public.solectwo_localities for delete to authenticated using ((select private.is_editor()));

create policy address_points_read on public.address_points for select to anon, authenticated using (true);
create policy address_points_insert on public.address_points for insert to authenticated with check ((select private.is_admin()));
create policy address_points_update on public.address_points for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));
create policy address_points_delete on public.address_points for delete to authenticated using ((select private.is_admin()));

create policy resource_categories_read on public.resource_categories for select to anon, authenticated using (true);
create policy resource_categories_insert on public.resource_categories for insert to authenticated with check ((select private.is_admin()));
create policy resource_categories_update on public.resource_categories for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));
create policy resource_categories_delete on public.resource_categories for delete to authenticated using ((select private.is_admin()));

create policy need_categories_read on public.need_categories for select to anon, authenticated using (true);
create policy need_categories_insert on public.need_categories for insert to authenticated with check ((select private.is_admin()));
create policy need_categories_update on public.need_categories for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));
create policy need_categories_delete on public.need_categories for delete to authenticated using ((select private.is_admin()));

-- Resources: the public sees published ones; staff see all; organizers and admins write.
-- Column grants keep staff account ids (created_by) out of public reads.
grant select (id, region_id, category, name, description, address, point, locality_id, status,
  is_demo, created_at, updated_at) on public.resources to anon;
grant select, insert, update, delete on public.resources to authenticated;
create policy resources_read_anon on public.resources for select to anon
  using (status = 'published');
create policy resources_read on public.resources for select to authenticated
  using (status = 'published' or (select private.is_staff()));
create policy resources_insert on public.resources for insert to authenticated
  with check ((select private.is_editor()));
create policy resources_update on public.resources for update to authenticated
  using ((select private.is_editor())) with check ((select private.is_editor()));
create policy resources_delete on public.resources for delete to authenticated
  using ((select private.is_editor()));

-- Needs: anyone may report one; it stays unpublished ('nowe') until an organizer publishes it.
-- anon may set only the reported fields (column grants); ref, status and counts are the server's.
-- anon never reads created_by (it would link reports of one account) and sets only the reported
-- fields; no request sets ref, support_count, timestamps or the demo flag.
grant select (id, ref, region_id, kind, category, title, description, point, locality_id, status,
  support_count, entered_by_organizer, merged_into, is_demo, created_at, updated_at)
  on public.needs to anon;
grant insert (region_id, kind, category, title, description, point) on public.needs to anon;
grant select, update, delete on public.needs to authenticated;
grant insert (region_id, kind, category, title, description, point, status, created_by,
  entered_by_organizer) on public.needs to authenticated;
create policy needs_read_anon on public.needs for select to anon
  using (private.is_public_need_status(status));
create policy needs_read on public.needs for select to authenticated
  using (private.is_public_need_status(status) or created_by = (select auth.uid()) or (select private.is_staff()));
create policy needs_insert_anon on public.needs for insert to anon
  with check (status = 'nowe' and support_count = 0 and not entered_by_organizer and not is_demo);
create policy needs_insert on public.needs for insert to authenticated
  with check (
    (select private.is_editor())
    or (status = 'nowe' and support_count = 0 and not entered_by_organizer and not is_demo
        and created_by = (select auth.uid()))
  );
create policy needs_update on public.needs for update to authenticated
  using ((select private.is_editor())) with check ((select private.is_editor()));
create policy needs_delete on public.needs for delete to authenticated
  using ((select private.is_admin()));

-- Contacts: never anon (not even a grant), organizers and admins only.
grant select, insert, update, delete on public.need_contacts to authenticated;
create policy need_contacts_read on public.need_contacts for select to authenticated
  using ((select private.is_editor()));
create policy need_contacts_insert on public.need_contacts for insert to authenticated
  with check ((select private.is_editor()));
create policy need_contacts_update on public.need_contacts for update to authenticated
  using ((select private.is_editor())) with check ((select private.is_editor()));
create policy need_contacts_delete on public.need_contacts for delete to authenticated
  using ((select private.is_editor()));

-- Supports: individual supporters are never public. A signed-in user manages their own support;
-- anonymous supports (device tokens) go through a server function (private.set_device_support).
grant select, insert, delete on public.need_supports to authenticated;
create policy need_supports_read on public.need_supports for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_staff()));
create policy need_supports_insert on public.need_supports for insert to authenticated
  with check (
    user_id = (select auth.uid()) and device_hash is null
    and exists (select 1 from public.needs n where n.id = need_id and private.is_public_need_status(n.status))
  );
create policy need_supports_delete on public.need_supports for delete to authenticated
  using (user_id = (select auth.uid()) or (select private.is_editor()));

-- Activities: published ones are public; staff see all; organizers and admins write.
grant select (id, region_id, title, description, programme_category, locality_id, starts_on,
  ends_on, status, published, is_demo, created_at) on public.activities to anon;
grant select on public.activity_needs to anon;
grant select, insert, update, delete on public.activities, public.activity_needs to authenticated;
create policy activities_read_anon on public.activities for select to anon using (published);
create policy activities_read on public.activities for select to authenticated
  using (published or (select private.is_staff()));
create policy activities_insert on public.activities for insert to authenticated
  with check ((select private.is_editor()));
create policy activities_update on public.activities for update to authenticated
  using ((select private.is_editor())) with check ((select private.is_editor()));
create policy activities_delete on public.activities for delete to authenticated
  using ((select private.is_editor()));

create policy activity_needs_read_anon on public.activity_needs for select to anon
  using (exists (
    select 1 from public.activities a join public.needs n on n.id = need_id
    where a.id = activity_id and a.published and private.is_public_need_status(n.status)));
create policy activity_needs_read on public.activity_needs for select to authenticated
  using ((select private.is_staff()) or exists (
    select 1 from public.activities a join public.needs n on n.id = need_id
    where a.id = activity_id and a.published and private.is_public_need_status(n.status)));
create policy activity_needs_insert on public.activity_needs for insert to authenticated
  with check ((select private.is_editor()));
create policy activity_needs_update on public.activity_needs for update to authenticated
  using ((select private.is_editor())) with check ((select private.is_editor()));
create policy activity_needs_delete on public.activity_needs for delete to authenticated
  using ((select private.is_editor()));

-- Profiles: each user reads their own; only admins list and change roles.
grant select, insert, update, delete on public.profiles to authenticated;
create policy profiles_read on public.profiles for select to authenticated
  using (id = (select auth.uid()) or (select private.is_admin()));
create policy profiles_insert on public.profiles for insert to authenticated
  with check ((select private.is_admin()));
create policy profiles_update on public.profiles for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy profiles_delete on public.profiles for delete to authenticated
  using ((select private.is_admin()));
