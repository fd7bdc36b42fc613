-- Data versions: one number per region that changes in the same transaction as any write to the
-- data that public documents show, so a server-side cache (generated PDFs, CSV, GeoJSON; later
-- tiles and ETags) can key on it and stay exact without reading the data. Reading it is one row
-- (private.data_version). Compare versions for equality only: the number comes from a sequence,
-- so it is never reused, even for a region deleted and loaded again.
--
-- Statement-level triggers (one firing per statement, however many rows) on every watched table
-- set it. A statement trigger does not see its rows, and one instance serves one region, so
-- every region of the database moves together; the key stays per region so that a finer scheme
-- can come later without changing readers. To watch another table, add one trigger like those
-- below.
--
-- Why these choices:
-- - The row is updated in the writer's transaction, so a reader sees the new version only
--   together with the new data (a sequence value alone would be visible before the commit, and
--   a document generated in between would be cached under the new number with the old data).
--   Readers read the version first and the data after it, so a cached document is never older
--   than its key.
-- - BEFORE statement: the version row is locked before the statement takes its own row locks,
--   so a writer never holds a fresh row lock while it waits for the version row (fewer lock
--   cycles between two multi-statement transactions). A statement that fails rolls the change
--   back with it; one that changes no row still moves the version (a harmless extra miss).
-- - Once per transaction: a transaction-local setting records that this transaction has moved
--   the version already (rolled back with a savepoint like the update itself), so a 2,000-row
--   import in a loop updates the row once, not 2,000 times.

create sequence private.data_version_seq;

create table private.data_versions (
  region_id bigint primary key references public.regions (id) on delete cascade,
  version bigint not null default nextval('private.data_version_seq'),
  changed_at timestamptz not null default now()
);
comment on table private.data_versions is 'Per region, a number that changes with every write to publicly shown data.';

select private.lock_table('private.data_versions');

-- The trigger function: runs as the owner (request roles have no grant on the table), moves
-- every region's version at most once per transaction.
create or replace function private.touch_data_version() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if current_setting('mapa.data_version_touched', true) is distinct from 'on' then
    -- Rows are locked in one order (region id), so two writers never wait for each other crosswise.
    perform 1 from private.data_versions d order by d.region_id for update;
    update private.data_versions
      set version = nextval('private.data_version_seq'), changed_at = now();
    perform set_config('mapa.data_version_touched', 'on', true);
  end if;
  return null;
end
$$;

-- A new region gets its row in the transaction that creates it.
create or replace function private.add_data_version() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into private.data_versions (region_id) values (new.id) on conflict do nothing;
  return null;
end
$$;

-- The reader for caches: the region's current data version, null for an unknown region.
-- SECURITY DEFINER so that anon and authenticated read this one number and nothing else.
create or replace function private.data_version(p_region text) returns bigint
language sql stable security definer set search_path = '' as $$
  select d.version from private.data_versions d
  join public.regions r on r.id = d.region_id
  where r.slug = p_region
$$;

create trigger regions_add_data_version after insert on public.regions
  for each row execute function private.add_data_version();

-- The watched tables: everything public.diagnosis(), public.diagnosis_features(),
-- public.diagnosis_scopes() and the consultation results (public.consultation_by_code,
-- public.consultation_snapshot) read, and the public map layers (photos, partners).
create trigger regions_data_version before insert or update or delete or truncate
  on public.regions for each statement execute function private.touch_data_version();

create trigger localities_data_version before insert or update or delete or truncate
  on public.localities for each statement execute function private.touch_data_version();

create trigger solectwa_data_version before insert or update or delete or truncate
  on public.solectwa for each statement execute function private.touch_data_version();

create trigger solectwo_localities_data_version before insert or update or delete or truncate
  on public.solectwo_localities for each statement execute function private.touch_data_version();

create trigger address_points_data_version before insert or update or delete or truncate
  on public.address_points for each statement execute function private.touch_data_version();

create trigger resource_categories_data_version before insert or update or delete or truncate
  on public.resource_categories for each statement execute function private.touch_data_version();

create trigger need_categories_data_version before insert or update or delete or truncate
  on public.need_categories for each statement execute function private.touch_data_version();

create trigger resources_data_version before insert or update or delete or truncate
  on public.resources for each statement execute function private.touch_data_version();

create trigger needs_data_version before insert or update or delete or truncate
  on public.needs for each statement execute function private.touch_data_version();

create trigger need_supports_data_version before insert or update or delete or truncate
  on public.need_supports for each statement execute function private.touch_data_version();

create trigger need_events_data_version before insert or update or delete or truncate
  on public.need_events for each statement execute function private.touch_data_version();

create trigger need_photos_data_version before insert or update or delete or truncate
  on public.need_photos for each statement execute function private.touch_data_version();

create trigger activities_data_version before insert or update or delete or truncate
  on public.activities for each statement execute function private.touch_data_version();

create trigger activity_needs_data_version before insert or update or delete or truncate
  on public.activity_needs for each statement execute function private.touch_data_version();

create trigger activity_localities_data_version before insert or update or delete or truncate
  on public.activity_localities for each statement execute function private.touch_data_version();

create trigger activity_partners_data_version before insert or update or delete or truncate
  on public.activity_partners for each statement execute function private.touch_data_version();

create trigger diagnoses_data_version before insert or update or delete or truncate
  on public.diagnoses for each statement execute function private.touch_data_version();

create trigger consultations_data_version before insert or update or delete or truncate
  on public.consultations for each statement execute function private.touch_data_version();

create trigger consultation_snapshots_data_version before insert or update or delete or truncate
  on public.consultation_snapshots for each statement execute function private.touch_data_version();

select private.grant_execute('anon, authenticated, service_role', 'private.data_version(text)');

revoke all on function private.touch_data_version(), private.add_data_version()
  from public, anon, authenticated, service_role;

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.touch_data_version() is 'Trigger: moves the data versions once per transaction.';
comment on function private.add_data_version() is 'Trigger: gives a new region its data version row.';
comment on function private.data_version(text) is 'The current data version of a region, for caches.';
