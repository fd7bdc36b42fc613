-- Map tiles of needs that cost the same at 1,000 needs as at 1,000,000.
--
-- Until now a tile from zoom 14 to 15 was clustered from every need it holds: about 40,000 rows
-- for the densest zoom-14 tile at a million needs. Two changes bound that work:
-- - Each need carries one integer, tile_key: its zoom-20 tile as a Morton (Z-order) code, the
--   bits of the tile's column and row interleaved. Every tile at zoom z <= 20 is then one
--   contiguous range of keys, [k << 2(20 - z), (k + 1) << 2(20 - z)), so one btree range scan
--   finds exactly its needs. Integer comparisons are LEAKPROOF, so the index serves under RLS,
--   which PostGIS's && does not (it is not LEAKPROOF: the planner may not use it before the
--   policy). tile_key replaces the separate tile_x and tile_y of …_need_tallies.sql, whose
--   ranges scanned a strip of the region as wide as the tile.
-- - public.need_tile_cells counts the public needs per zoom-18 tile (cell = tile_key >> 4), per
--   kind, category and status, with the sums of their longitudes and latitudes. A trigger keeps
--   it exact in the writer's transaction, as the tallies of …_need_tallies.sql. A clustered
--   tile reads at most 16 x 16 cells of every kind, category and status (at most 256 x 120
--   rows, however many needs there are), and only the cells holding one need look the need up.

-- Spreads the 20 bits of a tile column or row to the even bits of a 40-bit Morton code: bit i
-- goes to bit 2i (the usual shift-and-mask steps).
create or replace function private.morton_spread(p integer) returns bigint
language plpgsql immutable parallel safe set search_path = '' as $$
declare
  v bigint := p::bigint & 1048575;
begin
  v := (v | (v << 16)) & x'0000FFFF0000FFFF'::bigint;
  v := (v | (v << 8)) & x'00FF00FF00FF00FF'::bigint;
  v := (v | (v << 4)) & x'0F0F0F0F0F0F0F0F'::bigint;
  v := (v | (v << 2)) & x'3333333333333333'::bigint;
  return (v | (v << 1)) & x'5555555555555555'::bigint;
end
$$;

-- The Morton code of a tile's column and row (each below 2^20 at zoom 20).
create or replace function private.morton(p_x integer, p_y integer) returns bigint
language sql immutable parallel safe set search_path = '' as $$
  select private.morton_spread(p_x) | (private.morton_spread(p_y) << 1)
$$;

-- The zoom-20 tile holding a point (EPSG:4326) as a Morton code: column and row as
-- floor((lon + 180) / 360 * 2^20) and the Web Mercator row, as MapLibre numbers tiles. The
-- generated column needs.tile_key calls it as whoever writes the need, staff included, so
-- anon and authenticated may execute it (as the other pure helpers here).
create or replace function private.tile_key(p_point extensions.geometry) returns bigint
language sql immutable parallel safe set search_path = '' as $$
  select private.morton(
    floor((extensions.st_x(p_point) + 180) / 360 * 1048576)::integer,
    floor((1 - ln(tan(radians(extensions.st_y(p_point))) + 1 / cos(radians(extensions.st_y(p_point))))
      / pi()) / 2 * 1048576)::integer)
$$;

-- The Morton code of tile x/y at zoom z (0-22), or of the zoom-20 tile holding it beyond zoom
-- 20; the tile's needs have keys from it << 2(20 - z) (see the top of this file).
create or replace function private.tile_code(p_z integer, p_x integer, p_y integer) returns bigint
language sql immutable parallel safe set search_path = '' as $$
  select case when p_z <= 20 then private.morton(p_x, p_y)
    else private.morton(p_x >> (p_z - 20), p_y >> (p_z - 20)) end
$$;

drop index if exists public.needs_public_tile_idx;
alter table public.needs drop column tile_x, drop column tile_y;
alter table public.needs
  add column tile_key bigint generated always as (private.tile_key(point)) stored;
comment on column public.needs.tile_key is 'The zoom-20 XYZ map tile holding the need, as a Morton code (one index range per tile under RLS).';
grant select (tile_key) on public.needs to anon, authenticated;

create index needs_public_tile_key_idx on public.needs (tile_key)
  where status in ('published', 'in_analysis', 'planned', 'in_progress', 'done') and hidden_at is null;

create table public.need_tile_cells (
  region_id bigint not null references public.regions (id) on delete cascade,
  -- The zoom-18 tile (about 95 m here) as a Morton code: tile_key >> 4.
  cell bigint not null,
  kind text not null check (kind in ('need', 'idea')),
  category text not null references public.need_categories (slug) on delete cascade,
  status text not null check (status in ('published', 'in_analysis', 'planned', 'in_progress', 'done')),
  needs integer not null default 0 check (needs >= 0),
  lon_sum double precision not null default 0,
  lat_sum double precision not null default 0,
  primary key (region_id, cell, kind, category, status)
);
create index need_tile_cells_category_idx on public.need_tile_cells (category);
comment on table public.need_tile_cells is 'Public needs per zoom-18 map tile, kind, category and status, with the sums of their coordinates; kept exact by private.tally_need_tile_cell.';

select private.lock_table('public.need_tile_cells');
grant select on public.need_tile_cells to anon, authenticated;
create policy need_tile_cells_read on public.need_tile_cells for select to anon, authenticated
  using (true);

-- Trigger: moves a need's share out of its old cell and into its new one, as
-- private.tally_public_need does for the village tallies (rows upserted, so concurrent changes
-- add up exactly; the minus by update, since a check applies to an upsert's proposed row).
create or replace function private.tally_need_tile_cell() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_sign integer;
  v_need public.needs;
begin
  if tg_op = 'UPDATE' and (old.status, old.hidden_at, old.region_id, old.kind, old.category,
      old.point::text) is not distinct from (new.status, new.hidden_at, new.region_id, new.kind,
      new.category, new.point::text) then
    return null;
  end if;
  foreach v_sign in array case tg_op when 'INSERT' then array[1] when 'DELETE' then array[-1]
      else array[-1, 1] end loop
    v_need := case when v_sign < 0 then old else new end;
    continue when not private.is_public_need(v_need.status, v_need.hidden_at);
    if v_sign < 0 then
      -- A region deleted in the same statement takes its cells along: nothing to subtract.
      update public.need_tile_cells
        set needs = needs - 1, lon_sum = lon_sum - extensions.st_x(v_need.point),
          lat_sum = lat_sum - extensions.st_y(v_need.point)
        where region_id = v_need.region_id and cell = v_need.tile_key >> 4
          and kind = v_need.kind and category = v_need.category and status = v_need.status;
      continue;
    end if;
    insert into public.need_tile_cells as c (region_id, cell, kind, category, status, needs,
      lon_sum, lat_sum)
    values (v_need.region_id, v_need.tile_key >> 4, v_need.kind, v_need.category, v_need.status,
      1, extensions.st_x(v_need.point), extensions.st_y(v_need.point))
    on conflict (region_id, cell, kind, category, status) do update
      set needs = c.needs + 1, lon_sum = c.lon_sum + excluded.lon_sum,
        lat_sum = c.lat_sum + excluded.lat_sum;
  end loop;
  return null;
end
$$;

create trigger needs_tile_cells after insert or update or delete on public.needs
  for each row execute function private.tally_need_tile_cell();

-- Rebuilds the cells from the needs (after a load with triggers off, and for the needs already
-- there when this migration runs). Owner only; private.recount_need_tallies calls it too.
create or replace function private.recount_need_tile_cells() returns void
language plpgsql set search_path = '' as $$
begin
  delete from public.need_tile_cells;
  insert into public.need_tile_cells (region_id, cell, kind, category, status, needs, lon_sum,
    lat_sum)
  select x.region_id, x.tile_key >> 4, x.kind, x.category, x.status, count(*),
    sum(extensions.st_x(x.point)), sum(extensions.st_y(x.point))
  from public.needs x
  where private.is_public_need(x.status, x.hidden_at)
  group by 1, 2, 3, 4, 5;
end
$$;

select private.recount_need_tile_cells();

-- private.recount_need_tallies (…_need_tallies.sql), restated: it rebuilds every trigger-kept
-- tally, the cells included.
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
  perform private.recount_need_tile_cells();
end
$$;

-- A cluster's count as a map label: 950, 1.2k, 12k.
create or replace function private.cluster_label(p_n bigint) returns text
language sql immutable parallel safe set search_path = '' as $$
  select case when p_n >= 10000 then (p_n / 1000)::text || 'k'
    when p_n >= 1000 then round(p_n / 1000.0, 1)::text || 'k'
    else p_n::text end
$$;

-- The public needs of one tile (see …_tiles.sql for the layer and its filters), now:
-- - zoom <= 13 beyond 20,000 matching public needs in the region: one cluster per village,
--   counted from the village tallies (as before);
-- - otherwise zoom <= 15: the tile cut into cells, 16 x 16 up to zoom 14 (32 screen pixels of a
--   512-pixel tile) and 8 x 8 at zoom 15 (the zoom-18 cells themselves); each cell holding two or
--   more needs is one point at their mean position with point_count, a cell with one need is
--   the need itself, popup properties included;
-- - zoom >= 16: every need, found by its tile_key range.
create or replace function public.need_tile_rows(p_region text, p_z integer, p_x integer, p_y integer,
  p_kind text, p_category text, p_status text)
returns table (geom extensions.geometry, point_count integer, point_count_abbreviated text,
  id text, ref text, kind text, category text, category_label text, title text, status text,
  support_count integer, locality text, locality_slug text, demo boolean)
language plpgsql stable set search_path = '' as $$
declare
  v_box extensions.geometry := extensions.st_transform(private.tile_envelope(p_z, p_x, p_y), 4326);
  v_region bigint := (select r.id from public.regions r where r.slug = p_region);
  -- The tile's zoom-20 keys: [v_key0, v_key1].
  v_code bigint := private.tile_code(p_z, p_x, p_y);
  v_key0 bigint := v_code << (2 * greatest(20 - p_z, 0));
  v_key1 bigint := ((v_code + 1) << (2 * greatest(20 - p_z, 0))) - 1;
  -- Zoom-18 cells to one output cell, as a shift of their code: zoom z's cells are zoom z + 4
  -- tiles up to zoom 14, zoom-18 tiles at zoom 15.
  v_shift integer := 2 * greatest(14 - p_z, 0);
begin
  perform private.check_filters(p_region, 'need', p_category, null);
  if p_kind is not null and p_kind not in ('need', 'idea') then
    raise exception using errcode = '22023', message = format('unknown kind: %s', p_kind);
  end if;
  if p_status is not null and p_status <> 'open' and not private.is_public_need_status(p_status) then
    raise exception using errcode = '22023', message = format('unknown status: %s', p_status);
  end if;
  if p_z <= 13 and (select coalesce(sum(t.needs), 0) from public.locality_need_tallies t
      join public.localities l on l.id = t.locality_id
      where l.region_id = v_region and (p_kind is null or t.kind = p_kind)
        and (p_category is null or t.category = p_category)
        and (p_status is null or (p_status = 'open' and t.status <> 'done') or t.status = p_status)
    ) > 20000 then
    return query
    select l.point, sum(t.needs)::integer, private.cluster_label(sum(t.needs)::bigint),
      null::text, null::text, null::text, null::text, null::text, null::text, null::text,
      null::integer, null::text, null::text, null::boolean
    from public.localities l
    join public.locality_need_tallies t on t.locality_id = l.id
    where l.region_id = v_region
      and l.point operator(extensions.&&) v_box
      and extensions.st_x(l.point) >= extensions.st_xmin(v_box)
      and extensions.st_x(l.point) < extensions.st_xmax(v_box)
      and extensions.st_y(l.point) > extensions.st_ymin(v_box)
      and extensions.st_y(l.point) <= extensions.st_ymax(v_box)
      and (p_kind is null or t.kind = p_kind)
      and (p_category is null or t.category = p_category)
      and (p_status is null or (p_status = 'open' and t.status <> 'done') or t.status = p_status)
    group by l.id, l.point
    having sum(t.needs) > 0;
    return;
  end if;
  if p_z <= 15 then
    return query
    with cells as (
      select c.cell >> v_shift as g, sum(c.needs)::integer as n,
        sum(c.lon_sum) / sum(c.needs) as lon, sum(c.lat_sum) / sum(c.needs) as lat
      from public.need_tile_cells c
      where c.region_id = v_region and c.cell between v_key0 >> 4 and v_key1 >> 4
        and (p_kind is null or c.kind = p_kind)
        and (p_category is null or c.category = p_category)
        and (p_status is null or (p_status = 'open' and c.status <> 'done') or c.status = p_status)
      group by 1
      having sum(c.needs) > 0
    )
    select extensions.st_setsrid(extensions.st_makepoint(k.lon, k.lat), 4326), k.n,
      private.cluster_label(k.n), null, null, null, null, null, null, null, null, null, null, null
    from cells k
    where k.n > 1
    union all
    select x.point, null, null, x.id::text, x.ref, x.kind, x.category, c.label_pl, x.title,
      x.status, x.support_count, l.name, l.slug, x.is_demo
    from cells k
    cross join lateral (
      select y.point, y.id, y.ref, y.kind, y.category, y.title, y.status, y.support_count,
        y.locality_id, y.is_demo
      from public.needs y
      where y.tile_key between k.g << (v_shift + 4) and ((k.g + 1) << (v_shift + 4)) - 1
        and y.region_id = v_region
        and private.is_public_need(y.status, y.hidden_at)
        and (p_kind is null or y.kind = p_kind)
        and (p_category is null or y.category = p_category)
        and (p_status is null or (p_status = 'open' and y.status <> 'done') or y.status = p_status)
      limit 1) x
    join public.need_categories c on c.slug = x.category
    left join public.localities l on l.id = x.locality_id
    where k.n = 1;
    return;
  end if;
  return query
  select x.point, null::integer, null::text, x.id::text, x.ref, x.kind, x.category, c.label_pl,
    x.title, x.status, x.support_count, l.name, l.slug, x.is_demo
  from public.needs x
  join public.need_categories c on c.slug = x.category
  left join public.localities l on l.id = x.locality_id
  where x.tile_key between v_key0 and v_key1
    and x.region_id = v_region
    and private.is_public_need(x.status, x.hidden_at)
    and (p_kind is null or x.kind = p_kind)
    and (p_category is null or x.category = p_category)
    and (p_status is null or (p_status = 'open' and x.status <> 'done') or x.status = p_status)
    -- Beyond zoom 20 the key names the zoom-20 tile around this one: the point decides, with
    -- half-open edges (west and north inclusive) so a need on an edge is in one tile only.
    and (p_z <= 20 or (extensions.st_x(x.point) >= extensions.st_xmin(v_box)
      and extensions.st_x(x.point) < extensions.st_xmax(v_box)
      and extensions.st_y(x.point) > extensions.st_ymin(v_box)
      and extensions.st_y(x.point) <= extensions.st_ymax(v_box)));
end
$$;

revoke all on function private.tally_need_tile_cell(), private.recount_need_tile_cells(),
  private.recount_need_tallies() from public, anon, authenticated, service_role;

select private.grant_execute('anon, authenticated, service_role',
  'private.morton_spread(integer)',
  'private.morton(integer,integer)',
  'private.tile_key(extensions.geometry)',
  'private.tile_code(integer,integer,integer)',
  'private.cluster_label(bigint)');

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.morton_spread(integer) is 'Spreads 20 bits to the even bits of a Morton code.';
comment on function private.morton(integer,integer) is 'Morton (Z-order) code of a tile column and row.';
comment on function private.tile_key(extensions.geometry) is 'The zoom-20 XYZ tile holding a point, as a Morton code.';
comment on function private.tile_code(integer,integer,integer) is 'Morton code of an XYZ tile (of its zoom-20 parent beyond zoom 20).';
comment on function private.cluster_label(bigint) is 'A cluster''s count as a short map label (950, 1.2k, 12k).';
comment on function private.tally_need_tile_cell() is 'Trigger: keeps need_tile_cells exact.';
comment on function private.recount_need_tallies() is 'Rebuilds every trigger-kept need tally from the needs (after a load with triggers off).';
comment on function private.recount_need_tile_cells() is 'Rebuilds need_tile_cells from the needs (after a load with triggers off).';
comment on function public.need_tile_rows(text,integer,integer,integer,text,text,text) is 'Public needs of one map tile: per village, per cell or each need, by zoom.';
