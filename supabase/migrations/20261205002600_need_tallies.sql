-- Trigger-kept tallies of the public needs, so that what the diagnosis and the low-zoom map
-- tiles count costs the same at 1,000 needs as at 1,000,000: they read a few thousand tally rows
-- instead of every need.
--
-- Three tables, each public data (only public needs are counted, each of which anyone can see on
-- the map), each kept exact in the writer's transaction by one trigger on public.needs:
-- - public.locality_need_tallies: public needs and their supports per village, kind, category
--   and status (the diagnosis's totals, categories and statuses; the tiles' filters);
-- - public.locality_need_months: per village and month (Europe/Warsaw), public needs reported
--   that month and public needs resolved that month (the diagnosis's trend);
-- - public.locality_need_cells: public needs per village on a fixed 100 m grid in EPSG:2180
--   (the diagnosis map beyond 2,000 needs).
-- A need counts as resolved in the month of its first 'done' event (private.need_resolved_month),
-- the timeline entry the status change itself writes; a later note on a done need (moderation's
-- "add a note") is a later event and moves nothing.

create table public.locality_need_tallies (
  locality_id bigint not null references public.localities (id) on delete cascade,
  kind text not null check (kind in ('need', 'idea')),
  category text not null references public.need_categories (slug) on delete cascade,
  status text not null check (status in ('published', 'in_analysis', 'planned', 'in_progress', 'done')),
  needs integer not null default 0 check (needs >= 0),
  supports integer not null default 0 check (supports >= 0),
  primary key (locality_id, kind, category, status)
);
comment on table public.locality_need_tallies is 'Public needs and their supports per village, kind, category and status, kept exact by private.tally_public_need.';

create index locality_need_tallies_category_idx on public.locality_need_tallies (category);

create table public.locality_need_months (
  locality_id bigint not null references public.localities (id) on delete cascade,
  month date not null check (extract(day from month) = 1),
  reported integer not null default 0 check (reported >= 0),
  resolved integer not null default 0 check (resolved >= 0),
  primary key (locality_id, month)
);
comment on table public.locality_need_months is 'Public needs reported and resolved per village and month (Europe/Warsaw), kept exact by private.tally_public_need.';

create table public.locality_need_cells (
  locality_id bigint not null references public.localities (id) on delete cascade,
  -- The cell's column and row: floor(x / 100) and floor(y / 100) of the point in EPSG:2180.
  cx integer not null,
  cy integer not null,
  needs integer not null default 0 check (needs >= 0),
  primary key (locality_id, cx, cy)
);
comment on table public.locality_need_cells is 'Public needs per village on a fixed 100 m grid of EPSG:2180, kept exact by private.tally_public_need.';

do $$
declare
  t text;
begin
  foreach t in array array['locality_need_tallies', 'locality_need_months', 'locality_need_cells'] loop
    perform private.lock_table(format('public.%I', t)::regclass);
    execute format('grant select on public.%I to anon, authenticated', t);
    execute format('create policy %I on public.%I for select to anon, authenticated using (true)',
      t || '_read', t);
  end loop;
end
$$;

-- The month a need was resolved in: that of its first 'done' event (Europe/Warsaw), or of its
-- last update when it has none.
create or replace function private.need_resolved_month(p_id uuid, p_updated_at timestamptz)
returns date language sql stable set search_path = '' as $$
  select date_trunc('month', private.local_time(coalesce((select min(e.created_at)
    from public.need_events e where e.need_id = p_id and e.status = 'done'), p_updated_at)))::date
$$;

-- The month of a moment, Europe/Warsaw: the trend's months, in every session's time zone alike.
create or replace function private.local_month(p_at timestamptz)
returns date language sql stable set search_path = '' as $$
  select date_trunc('month', private.local_time(p_at))::date
$$;

-- Trigger: moves a need's share out of its old tallies and into its new ones. AFTER INSERT OR
-- UPDATE, named to fire after needs_events (triggers fire in name order), so a change to 'done'
-- finds the event it just recorded. BEFORE DELETE: the foreign key's cascade removes the need's
-- events before any AFTER trigger, and the share to remove depends on them. Rows are upserted, so
-- concurrent changes add up exactly (the upsert's row lock serialises them). Everything is inline
-- in this one function (the month as private.local_month, the cell as floor(x / 100) and
-- floor(y / 100) in EPSG:2180): a bulk load pays for one function call per row.
create or replace function private.tally_public_need() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_sign integer;
  v_need public.needs;
  v_month date;
  v_resolved date;
  v_g extensions.geometry;
  v_cx integer;
  v_cy integer;
begin
  if tg_op = 'UPDATE' and (old.status, old.hidden_at, old.locality_id, old.kind, old.category,
      old.support_count, old.created_at, old.point::text) is not distinct from (new.status,
      new.hidden_at, new.locality_id, new.kind, new.category, new.support_count, new.created_at,
      new.point::text) and (new.status <> 'done' or old.updated_at = new.updated_at) then
    return null;
  end if;
  foreach v_sign in array case tg_op when 'INSERT' then array[1] when 'DELETE' then array[-1]
      else array[-1, 1] end loop
    v_need := case when v_sign < 0 then old else new end;
    continue when v_need.locality_id is null
      or not private.is_public_need(v_need.status, v_need.hidden_at);
    v_month := date_trunc('month', v_need.created_at at time zone 'Europe/Warsaw')::date;
    v_resolved := case when v_need.status = 'done'
      then private.need_resolved_month(v_need.id, v_need.updated_at) end;
    v_g := extensions.st_transform(v_need.point, 2180);
    v_cx := floor(extensions.st_x(v_g) / 100)::integer;
    v_cy := floor(extensions.st_y(v_g) / 100)::integer;
    -- A share leaves rows that hold it (updates); it arrives by upsert. An upsert cannot carry
    -- the minus: the checks (counts >= 0) apply to the proposed row before the conflict.
    if v_sign < 0 then
      -- A village deleted in the same statement (a region's cascade) takes its tally rows along:
      -- nothing to subtract, and touching those rows would check their foreign key again.
      continue when not exists (select 1 from public.localities l where l.id = v_need.locality_id);
      update public.locality_need_tallies
        set needs = needs - 1, supports = supports - v_need.support_count
        where locality_id = v_need.locality_id and kind = v_need.kind
          and category = v_need.category and status = v_need.status;
      update public.locality_need_months
        set reported = reported - case when month = v_month then 1 else 0 end,
          resolved = resolved - case when month = v_resolved then 1 else 0 end
        where locality_id = v_need.locality_id and month in (v_month, v_resolved);
      update public.locality_need_cells set needs = needs - 1
        where locality_id = v_need.locality_id and cx = v_cx and cy = v_cy;
      continue;
    end if;
    insert into public.locality_need_tallies as t (locality_id, kind, category, status, needs, supports)
    values (v_need.locality_id, v_need.kind, v_need.category, v_need.status, 1, v_need.support_count)
    on conflict (locality_id, kind, category, status) do update
      set needs = t.needs + 1, supports = t.supports + excluded.supports;
    insert into public.locality_need_months as m (locality_id, month, reported, resolved)
    values (v_need.locality_id, v_month, 1, case when v_resolved = v_month then 1 else 0 end)
    on conflict (locality_id, month) do update
      set reported = m.reported + 1, resolved = m.resolved + excluded.resolved;
    if v_resolved <> v_month then
      insert into public.locality_need_months as m (locality_id, month, resolved)
      values (v_need.locality_id, v_resolved, 1)
      on conflict (locality_id, month) do update set resolved = m.resolved + 1;
    end if;
    insert into public.locality_need_cells as c (locality_id, cx, cy, needs)
    values (v_need.locality_id, v_cx, v_cy, 1)
    on conflict (locality_id, cx, cy) do update set needs = c.needs + 1;
  end loop;
  return case when tg_op = 'DELETE' then old end;
end
$$;

create trigger needs_tallies after insert or update on public.needs
  for each row execute function private.tally_public_need();

create trigger needs_tallies_delete before delete on public.needs
  for each row execute function private.tally_public_need();

-- Rebuilds the three tallies from the needs: for needs written with triggers off (a bulk load in
-- session_replication_role 'replica'), and for those already there when this migration runs.
-- Owner only.
create or replace function private.recount_need_tallies() returns void
language plpgsql set search_path = '' as $$
begin
  delete from public.locality_need_tallies;
  delete from public.locality_need_months;
  delete from public.locality_need_cells;
  insert into public.locality_need_tallies (locality_id, kind, category, status, needs, supports)
  select x.locality_id, x.kind, x.category, x.status, count(*), sum(x.support_count)
  from public.needs x
  where x.locality_id is not null and private.is_public_need(x.status, x.hidden_at)
  group by 1, 2, 3, 4;
  insert into public.locality_need_months (locality_id, month, reported, resolved)
  select t.locality_id, t.month, sum(t.reported), sum(t.resolved)
  from (
    select x.locality_id, private.local_month(x.created_at) as month, 1 as reported, 0 as resolved
    from public.needs x
    where x.locality_id is not null and private.is_public_need(x.status, x.hidden_at)
    union all
    select x.locality_id, private.need_resolved_month(x.id, x.updated_at), 0, 1
    from public.needs x
    where x.locality_id is not null and x.status = 'done' and x.hidden_at is null
  ) t
  group by 1, 2;
  insert into public.locality_need_cells (locality_id, cx, cy, needs)
  select t.locality_id, floor(extensions.st_x(t.g) / 100)::integer,
    floor(extensions.st_y(t.g) / 100)::integer, count(*)
  from (select x.locality_id, extensions.st_transform(x.point, 2180) as g from public.needs x
    where x.locality_id is not null and private.is_public_need(x.status, x.hidden_at)) t
  group by 1, 2, 3;
end
$$;

select private.recount_need_tallies();

-- Public needs by village and supports, done ones included: the diagnosis's five most supported
-- needs read five rows per village from here instead of sorting every public need.
create index needs_public_top_idx on public.needs (locality_id, support_count desc, created_at, id)
  where status in ('published', 'in_analysis', 'planned', 'in_progress', 'done') and hidden_at is null;

-- The needs of a region by date with every column the hotspots' grid reads (private.need_clusters
-- over the last 12 months, for the diagnosis and for planning) and RLS checks, so that pass is an
-- index-only scan of the window instead of a visit to every row it covers (1M needs, 12 months
-- of them: the gmina diagnosis from 1.2-1.4 s to 0.4-0.6 s on the test machine).
create index needs_recent_idx on public.needs (region_id, created_at)
  include (locality_id, category, support_count, status, hidden_at, created_by, point)
  where status not in ('rejected', 'merged');

-- Public 'done' events newest first: the home page's recently realised needs
-- (public.realised_needs) walk it and stop after a few, instead of reading every done need.
create index need_events_public_done_idx on public.need_events (created_at desc)
  where status = 'done' and is_public;

-- The zoom-20 map tile (XYZ scheme, Web Mercator, about 25 m here) holding each need, as two
-- plain integers.
-- Under RLS PostgreSQL evaluates no non-LEAKPROOF operator before the policy, and PostGIS's &&
-- is not LEAKPROOF, so a tile's bounding-box test cannot use the spatial index for anon and
-- authenticated: it filters every need of the region. Integer comparisons are LEAKPROOF, so
-- public.need_tile_rows first narrows the needs by these columns on a btree index, then applies
-- the exact test.
alter table public.needs
  add column tile_x integer generated always as
    (floor((extensions.st_x(point) + 180) / 360 * 1048576)::integer) stored,
  add column tile_y integer generated always as
    (floor((1 - ln(tan(radians(extensions.st_y(point))) + 1 / cos(radians(extensions.st_y(point))))
      / pi()) / 2 * 1048576)::integer) stored;
comment on column public.needs.tile_x is 'Column of the zoom-20 XYZ map tile holding the need (index for tiles under RLS).';
comment on column public.needs.tile_y is 'Row of the zoom-20 XYZ map tile holding the need (index for tiles under RLS).';
grant select (tile_x, tile_y) on public.needs to anon, authenticated;

create index needs_public_tile_idx on public.needs (tile_x, tile_y)
  where status in ('published', 'in_analysis', 'planned', 'in_progress', 'done') and hidden_at is null;

revoke all on function private.tally_public_need(), private.recount_need_tallies() from public, anon, authenticated, service_role;

revoke all on function private.need_resolved_month(uuid,timestamp with time zone)
  from public, anon, authenticated, service_role;

-- public.diagnosis (SECURITY INVOKER) names the trend's months with it.
select private.grant_execute('anon, authenticated, service_role',
  'private.local_month(timestamp with time zone)');

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.need_resolved_month(uuid,timestamp with time zone) is 'The month (Europe/Warsaw) of a need''s first done event, or of its last update without one.';
comment on function private.local_month(timestamp with time zone) is 'The first day of a moment''s month in Europe/Warsaw.';
comment on function private.recount_need_tallies() is 'Rebuilds the trigger-kept need tallies from the needs (after a load with triggers off).';
comment on function private.tally_public_need() is 'Trigger: keeps locality_need_tallies, locality_need_months and locality_need_cells exact.';
