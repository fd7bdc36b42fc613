-- Resources (the register of the organizer panel and the public map): list, detail, save,
-- status changes, import and export. Every function is SECURITY INVOKER, so RLS on
-- public.resources decides who reads and writes what (anon: published only; council: read;
-- organizer/admin: write). Each row change is audited by the resources_audit trigger.

create table public.resources (
  id uuid primary key default gen_random_uuid(),
  region_id bigint not null references public.regions (id) on delete cascade,
  category text not null references public.resource_categories (slug),
  name text not null check (char_length(name) between 1 and 200),
  description text not null default '' check (char_length(description) <= 4000),
  address text check (char_length(address) <= 300),
  point extensions.geometry(Point, 4326) not null,
  locality_id bigint references public.localities (id) on delete set null,
  status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
  is_demo boolean not null default false,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Register fields. Public institutional contact only: personal contact data never goes into a
  -- public table.
  contact_email text check (char_length(contact_email) <= 254),
  contact_phone text check (char_length(contact_phone) <= 40),
  website text check (char_length(website) <= 300),
  capacity integer check (capacity between 0 and 100000),
  step_free text check (step_free in ('yes', 'no', 'partly')),
  amenities text[] not null default '{}'
    check (amenities <@ array['kitchen', 'projector', 'wifi', 'toilets', 'parking']),
  availability text check (char_length(availability) <= 2000),
  opening_hours text check (char_length(opening_hours) <= 500),
  owner_org text check (char_length(owner_org) <= 300),
  photo_key text check (photo_key ~ '^[a-z0-9][a-z0-9/_-]{0,120}\.(jpg|webp)$')
);
comment on table public.resources is 'Resources of the community (halls, schools, clubs …) with their register details.';

create index resources_region_idx on public.resources (region_id);

create index resources_category_idx on public.resources (category);

create index resources_locality_idx on public.resources (locality_id);

create index resources_point_idx on public.resources using gist (point);

create trigger resources_place before insert or update of point, region_id on public.resources
  for each row execute function private.place_item();

create trigger resources_touch before update on public.resources
  for each row execute function private.touch_updated_at();

select private.lock_table('public.resources');
grant select (id, region_id, category, name, description, address, point, locality_id, status,
  is_demo, created_at, updated_at, contact_email, contact_phone, website, capacity, step_free,
  amenities, availability, opening_hours, owner_org, photo_key) on public.resources to anon;
grant insert, update, delete on public.resources to authenticated;
grant select (id, region_id, category, name, description, address, point, locality_id, status,
  is_demo, created_at, updated_at, contact_email, contact_phone, website, capacity, step_free,
  amenities, availability, opening_hours, owner_org,
  photo_key) on public.resources to authenticated;

select private.create_editor_policies('resources', $$status = 'published'$$);

-- The page size and bounding box of a paged GeoJSON endpoint, checked once for all of them: a
-- limit of 1 to 10,000, and a box as west, south, east, north in degrees. Answers the box as a
-- geometry (null without one); anything else is SQLSTATE 22023, which the API answers with 400.
create or replace function private.geojson_page_box(p_bbox double precision[], p_limit integer)
returns extensions.geometry language plpgsql immutable set search_path = '' as $$
begin
  if p_limit is null or p_limit not between 1 and 10000 then
    raise exception using errcode = '22023', message = 'limit must be from 1 to 10000';
  end if;
  if p_bbox is null then
    return null;
  end if;
  if cardinality(p_bbox) <> 4 or array_position(p_bbox, null) is not null
     or p_bbox[1] > p_bbox[3] or p_bbox[2] > p_bbox[4]
     or p_bbox[1] < -180 or p_bbox[3] > 180 or p_bbox[2] < -90 or p_bbox[4] > 90 then
    raise exception using errcode = '22023',
      message = 'bbox must be west,south,east,north in degrees, west <= east and south <= north';
  end if;
  return extensions.st_makeenvelope(p_bbox[1], p_bbox[2], p_bbox[3], p_bbox[4], 4326);
end
$$;

select private.grant_execute('anon, authenticated, service_role',
  'private.geojson_page_box(double precision[],integer)');

comment on function private.geojson_page_box(double precision[],integer) is 'The checked page size and bounding box of a paged GeoJSON endpoint.';

-- Published resources as GeoJSON (the map and the open API), with the register's practical
-- details, filtered by category, village and a bounding box (west, south, east, north in
-- degrees), in Polish name order, one page of at most p_limit (1 to 10,000) at a time. When more
-- follow, the collection ends with the foreign member "next_after" (RFC 7946 §6.1): the id of
-- its last resource, which p_after takes to continue (keyset paging on the name's sort key and id).
create or replace function public.resources_geojson(p_region text, p_category text, p_village text,
  p_bbox double precision[] default null, p_limit integer default 1000, p_after uuid default null)
returns json language plpgsql stable set search_path = '' as $$
declare
  v_box extensions.geometry;
  v_after_key bytea;
  v_page json;
  v_more boolean;
  v_last uuid;
begin
  perform private.check_filters(p_region, 'resource', p_category, p_village);
  v_box := private.geojson_page_box(p_bbox, p_limit);
  if p_after is not null then
    select private.sort_key_pl(x.name) into v_after_key from public.resources x
    where x.id = p_after and x.status = 'published';
    if not found then
      raise exception using errcode = '22023', message = format('unknown resource in after: %s', p_after);
    end if;
  end if;
  select private.geojson_collection(json_agg(f.feature order by f.rn) filter (where f.rn <= p_limit)),
    count(*) > p_limit, (array_agg(f.id) filter (where f.rn = p_limit))[1]
  into v_page, v_more, v_last
  from (
    select row_number() over (order by private.sort_key_pl(x.name), x.id) as rn, x.id,
      private.geojson_feature(x.point, json_build_object(
        'id', x.id,
        'name', x.name,
        'category', x.category,
        'category_label', c.label_pl,
        'description', x.description,
        'address', x.address,
        'locality', l.name,
        'locality_slug', l.slug,
        'capacity', x.capacity,
        'step_free', x.step_free,
        'amenities', to_json(x.amenities),
        'opening_hours', x.opening_hours,
        'contact_email', x.contact_email,
        'contact_phone', x.contact_phone,
        'website', x.website,
        'owner_org', x.owner_org,
        'photo_url', case when x.photo_key is not null then '/media/' || x.photo_key end,
        'demo', x.is_demo)) as feature
    from public.resources x
    join public.regions r on r.id = x.region_id
    join public.resource_categories c on c.slug = x.category
    left join public.localities l on l.id = x.locality_id
    where r.slug = p_region
      and x.status = 'published'
      and (p_category is null or x.category = p_category)
      and (p_village is null or l.slug = p_village)
      and (v_box is null or x.point operator(extensions.&&) v_box)
      and (p_after is null or (private.sort_key_pl(x.name), x.id) > (v_after_key, p_after))
    order by private.sort_key_pl(x.name), x.id
    limit p_limit + 1
  ) f;
  if v_more then
    return json_build_object('type', 'FeatureCollection', 'features', v_page -> 'features',
      'next_after', v_last);
  end if;
  return v_page;
end
$$;

create trigger resources_audit after insert or update or delete on public.resources
  for each row execute function private.audit_row();

-- A resource as the panel shows and edits it, with its coordinates spelled out. Columns are
-- named one by one: anon may not read created_by, so a whole-row reference would be refused.
create or replace function private.resource_json(p_id uuid)
returns jsonb language sql stable set search_path = '' as $$
  select jsonb_build_object(
    'id', x.id,
    'name', x.name,
    'category', x.category,
    'category_label', c.label_pl,
    'description', x.description,
    'address', x.address,
    'lon', round(extensions.st_x(x.point)::numeric, 6),
    'lat', round(extensions.st_y(x.point)::numeric, 6),
    'locality', l.name,
    'status', x.status,
    'contact_email', x.contact_email,
    'contact_phone', x.contact_phone,
    'website', x.website,
    'capacity', x.capacity,
    'step_free', x.step_free,
    'amenities', to_jsonb(x.amenities),
    'availability', x.availability,
    'opening_hours', x.opening_hours,
    'owner_org', x.owner_org,
    'photo_key', x.photo_key,
    'is_demo', x.is_demo,
    'updated_at', x.updated_at)
  from public.resources x
  join public.resource_categories c on c.slug = x.category
  left join public.localities l on l.id = x.locality_id
  where x.id = p_id
$$;

-- The register list with optional filters; p_status null means every non-archived resource.
create or replace function public.resources_register(p_region text, p_status text,
  p_category text, p_query text)
returns json language sql stable set search_path = '' as $$
  select coalesce(json_agg(private.resource_json(x.id) order by private.sort_key_pl(x.name), x.id), '[]'::json)
  from public.resources x
  join public.regions r on r.id = x.region_id
  where r.slug = p_region
    and (case when p_status is null then x.status <> 'archived' else x.status = p_status end)
    and (p_category is null or x.category = p_category)
    and (p_query is null or x.name ilike '%' || p_query || '%' or x.address ilike '%' || p_query || '%')
$$;

create or replace function public.resource_detail(p_id uuid)
returns json language sql stable set search_path = '' as $$
  select private.resource_json(p_id)::json
$$;

-- Insert (p_id null) or update one resource from the panel form. Keys of p: name, category,
-- description, address, lon, lat, status, contact_email, contact_phone, website, capacity,
-- step_free, amenities (array), availability, opening_hours, owner_org and, only when it
-- changes, photo_key. RLS refuses council and residents (42501).
create or replace function public.resource_save(p_region text, p_id uuid, p jsonb)
returns uuid language plpgsql set search_path = '' as $$
declare
  v_region bigint;
  v_id uuid;
  v_point extensions.geometry := extensions.st_setsrid(
    extensions.st_makepoint((p ->> 'lon')::float8, (p ->> 'lat')::float8), 4326);
  v_amenities text[] := array(select jsonb_array_elements_text(coalesce(p -> 'amenities', '[]'::jsonb)));
begin
  v_region := private.region_id(p_region);
  if p_id is null then
    insert into public.resources (region_id, category, name, description, address, point, status,
      contact_email, contact_phone, website, capacity, step_free, amenities, availability,
      opening_hours, owner_org, photo_key, created_by)
    values (v_region, p ->> 'category', p ->> 'name', coalesce(p ->> 'description', ''),
      p ->> 'address', v_point, coalesce(p ->> 'status', 'draft'), p ->> 'contact_email',
      p ->> 'contact_phone', p ->> 'website', (p ->> 'capacity')::integer, p ->> 'step_free',
      v_amenities, p ->> 'availability', p ->> 'opening_hours', p ->> 'owner_org',
      p ->> 'photo_key', auth.uid())
    returning id into v_id;
    return v_id;
  end if;
  if not exists (select 1 from public.resources x where x.id = p_id) then
    raise exception using errcode = 'P0002', message = 'resource_not_found';
  end if;
  update public.resources x set
    category = p ->> 'category',
    name = p ->> 'name',
    description = coalesce(p ->> 'description', ''),
    address = p ->> 'address',
    point = v_point,
    status = coalesce(p ->> 'status', x.status),
    contact_email = p ->> 'contact_email',
    contact_phone = p ->> 'contact_phone',
    website = p ->> 'website',
    capacity = (p ->> 'capacity')::integer,
    step_free = p ->> 'step_free',
    amenities = v_amenities,
    availability = p ->> 'availability',
    opening_hours = p ->> 'opening_hours',
    owner_org = p ->> 'owner_org',
    photo_key = case when p ? 'photo_key' then p ->> 'photo_key' else x.photo_key end
  where x.id = p_id
  returning x.id into v_id;
  -- Visible but not updated: the policy refused the write (council).
  perform private.refuse_unless(v_id is not null, 'resource_not_writable');
  return v_id;
end
$$;

-- Publish, return to draft or archive (archive after a confirmation in the UI).
create or replace function public.resource_set_status(p_id uuid, p_status text)
returns void language plpgsql set search_path = '' as $$
declare
  v_id uuid;
begin
  if not exists (select 1 from public.resources x where x.id = p_id) then
    raise exception using errcode = 'P0002', message = 'resource_not_found';
  end if;
  update public.resources x set status = p_status where x.id = p_id returning x.id into v_id;
  perform private.refuse_unless(v_id is not null, 'resource_not_writable');
end
$$;

-- Import of parsed rows (CSV or GeoJSON, parsed and validated by the server first). A row with an
-- id updates that resource of the region; a row without one creates a new resource. Each row is
-- checked again here: known category, point inside the gmina and, for a new row or an update
-- that moves or renames a resource, no other live resource of the same name and category within
-- 50 m. An updated row writes only the fields that differ from the stored ones (coordinates
-- compared to the 6 decimals the export writes, amenities as a set, empty text as null), so an
-- unchanged row is not written at all: no new updated_at, no audit entry. An update runs under
-- RLS like the panel form: a caller who may read but not write the resource (council) gets
-- 42501 and the whole import stops. All-or-nothing unless p_partial: one rejected row and
-- nothing is written. Returns {inserted, updated, unchanged, committed,
-- rows: [{row, id, outcome: created|updated|unchanged, changed: [field, …]}],
-- rejected: [{row, field, code}]}; rows is empty when nothing was committed.
create or replace function public.resources_import(p_region text, p_rows jsonb, p_partial boolean)
returns json language plpgsql set search_path = '' as $$
declare
  v_region bigint;
  v_boundary extensions.geometry;
  v_row jsonb;
  v_id uuid;
  v_done uuid;
  v_cur record;
  v_changed text[];
  v_amenities text[];
  v_point extensions.geometry;
  v_rejected jsonb := '[]'::jsonb;
  v_rows jsonb := '[]'::jsonb;
  v_inserted integer := 0;
  v_updated integer := 0;
  v_unchanged integer := 0;
  v_committed boolean := true;
begin
  select r.id, r.boundary into v_region, v_boundary from public.regions r where r.slug = p_region;
  if v_region is null then
    raise exception using errcode = '22023', message = format('unknown region: %s', p_region);
  end if;
  begin
    for v_row in select value from jsonb_array_elements(coalesce(p_rows, '[]'::jsonb)) loop
      v_point := extensions.st_setsrid(extensions.st_makepoint(
        (v_row ->> 'lon')::float8, (v_row ->> 'lat')::float8), 4326);
      v_amenities := array(select jsonb_array_elements_text(coalesce(v_row -> 'amenities', '[]'::jsonb)));
      v_id := nullif(v_row ->> 'id', '')::uuid;
      v_changed := null;
      if v_id is not null then
        -- Columns named one by one: authenticated may not read created_by.
        select x.category, x.name, x.description, x.address, x.point, x.status, x.contact_email,
          x.contact_phone, x.website, x.capacity, x.step_free, x.amenities, x.availability,
          x.opening_hours, x.owner_org
        into v_cur
        from public.resources x where x.id = v_id and x.region_id = v_region;
        if not found then
          v_rejected := v_rejected || jsonb_build_object('row', v_row -> 'row', 'field', 'id', 'code', 'unknown_id');
          continue;
        end if;
        v_changed := array_remove(array[
          case when v_cur.name is distinct from v_row ->> 'name' then 'name' end,
          case when v_cur.category is distinct from v_row ->> 'category' then 'category' end,
          case when v_cur.description is distinct from coalesce(v_row ->> 'description', '') then 'description' end,
          case when nullif(v_cur.address, '') is distinct from nullif(v_row ->> 'address', '') then 'address' end,
          case when round(extensions.st_x(v_cur.point)::numeric, 6) is distinct from round((v_row ->> 'lon')::numeric, 6)
            or round(extensions.st_y(v_cur.point)::numeric, 6) is distinct from round((v_row ->> 'lat')::numeric, 6)
            then 'point' end,
          case when v_row ->> 'status' is not null and v_cur.status is distinct from v_row ->> 'status' then 'status' end,
          case when nullif(v_cur.contact_email, '') is distinct from nullif(v_row ->> 'contact_email', '') then 'contact_email' end,
          case when nullif(v_cur.contact_phone, '') is distinct from nullif(v_row ->> 'contact_phone', '') then 'contact_phone' end,
          case when nullif(v_cur.website, '') is distinct from nullif(v_row ->> 'website', '') then 'website' end,
          case when v_cur.capacity is distinct from (v_row ->> 'capacity')::integer then 'capacity' end,
          case when v_cur.step_free is distinct from v_row ->> 'step_free' then 'step_free' end,
          case when array(select a from unnest(v_cur.amenities) a order by a)
            is distinct from array(select a from unnest(v_amenities) a order by a) then 'amenities' end,
          case when nullif(v_cur.availability, '') is distinct from nullif(v_row ->> 'availability', '') then 'availability' end,
          case when nullif(v_cur.opening_hours, '') is distinct from nullif(v_row ->> 'opening_hours', '') then 'opening_hours' end,
          case when nullif(v_cur.owner_org, '') is distinct from nullif(v_row ->> 'owner_org', '') then 'owner_org' end
        ], null);
        if cardinality(v_changed) = 0 then
          v_unchanged := v_unchanged + 1;
          v_rows := v_rows || jsonb_build_object('row', v_row -> 'row', 'id', v_id,
            'outcome', 'unchanged', 'changed', '[]'::jsonb);
          continue;
        end if;
      end if;
      if not exists (select 1 from public.resource_categories c where c.slug = v_row ->> 'category') then
        v_rejected := v_rejected || jsonb_build_object('row', v_row -> 'row', 'field', 'category', 'code', 'unknown_category');
      elsif not extensions.st_covers(v_boundary, v_point) then
        v_rejected := v_rejected || jsonb_build_object('row', v_row -> 'row', 'field', 'lon', 'code', 'outside');
      elsif (v_id is null or v_changed && array['name', 'category', 'point']) and exists (
        select 1 from public.resources x
        where x.region_id = v_region and x.status <> 'archived' and x.id is distinct from v_id
          and lower(x.name) = lower(v_row ->> 'name') and x.category = v_row ->> 'category'
          and extensions.st_dwithin(x.point::extensions.geography, v_point::extensions.geography, 50)
      ) then
        v_rejected := v_rejected || jsonb_build_object('row', v_row -> 'row', 'field', 'name', 'code', 'duplicate_existing');
      else
        begin
          if v_id is null then
            insert into public.resources (region_id, category, name, description, address, point,
              status, contact_email, contact_phone, website, capacity, step_free, amenities,
              availability, opening_hours, owner_org, created_by)
            values (v_region, v_row ->> 'category', v_row ->> 'name',
              coalesce(v_row ->> 'description', ''), v_row ->> 'address', v_point,
              coalesce(v_row ->> 'status', 'draft'), v_row ->> 'contact_email',
              v_row ->> 'contact_phone', v_row ->> 'website', (v_row ->> 'capacity')::integer,
              v_row ->> 'step_free', v_amenities, v_row ->> 'availability',
              v_row ->> 'opening_hours', v_row ->> 'owner_org', auth.uid())
            returning id into v_done;
            v_inserted := v_inserted + 1;
            v_rows := v_rows || jsonb_build_object('row', v_row -> 'row', 'id', v_done,
              'outcome', 'created', 'changed', '[]'::jsonb);
          else
            update public.resources x set
              name = case when 'name' = any (v_changed) then v_row ->> 'name' else x.name end,
              category = case when 'category' = any (v_changed) then v_row ->> 'category' else x.category end,
              description = case when 'description' = any (v_changed)
                then coalesce(v_row ->> 'description', '') else x.description end,
              address = case when 'address' = any (v_changed) then v_row ->> 'address' else x.address end,
              point = case when 'point' = any (v_changed) then v_point else x.point end,
              status = case when 'status' = any (v_changed) then v_row ->> 'status' else x.status end,
              contact_email = case when 'contact_email' = any (v_changed)
                then v_row ->> 'contact_email' else x.contact_email end,
              contact_phone = case when 'contact_phone' = any (v_changed)
                then v_row ->> 'contact_phone' else x.contact_phone end,
              website = case when 'website' = any (v_changed) then v_row ->> 'website' else x.website end,
              capacity = case when 'capacity' = any (v_changed)
                then (v_row ->> 'capacity')::integer else x.capacity end,
              step_free = case when 'step_free' = any (v_changed) then v_row ->> 'step_free' else x.step_free end,
              amenities = case when 'amenities' = any (v_changed) then v_amenities else x.amenities end,
              availability = case when 'availability' = any (v_changed)
                then v_row ->> 'availability' else x.availability end,
              opening_hours = case when 'opening_hours' = any (v_changed)
                then v_row ->> 'opening_hours' else x.opening_hours end,
              owner_org = case when 'owner_org' = any (v_changed) then v_row ->> 'owner_org' else x.owner_org end
            where x.id = v_id
            returning x.id into v_done;
            -- Visible but not updated: the policy refused the write (council).
            perform private.refuse_unless(v_done is not null, 'resource_not_writable');
            v_updated := v_updated + 1;
            v_rows := v_rows || jsonb_build_object('row', v_row -> 'row', 'id', v_id,
              'outcome', 'updated', 'changed', to_jsonb(v_changed));
          end if;
        exception
          -- Data errors belong in the report; a refused write (42501) aborts the whole import.
          when check_violation or not_null_violation or string_data_right_truncation
            or invalid_text_representation or numeric_value_out_of_range then
            v_rejected := v_rejected || jsonb_build_object('row', v_row -> 'row', 'field', 'form',
              'code', case when sqlerrm = 'point_outside_region' then 'outside' else 'invalid' end);
        end;
      end if;
    end loop;
    if not p_partial and jsonb_array_length(v_rejected) > 0 then
      raise exception using errcode = 'MZ400', message = 'import_rejected';
    end if;
  exception when sqlstate 'MZ400' then
    -- Leaving the block rolls back every write of this import; the report stays.
    v_inserted := 0;
    v_updated := 0;
    v_unchanged := 0;
    v_rows := '[]'::jsonb;
    v_committed := false;
  end;
  return json_build_object('inserted', v_inserted, 'updated', v_updated, 'unchanged', v_unchanged,
    'rows', v_rows, 'rejected', v_rejected, 'committed', v_committed);
end
$$;

-- Export rows for CSV and GeoJSON; RLS decides which rows the caller may read.
create or replace function public.resources_export(p_region text, p_status text, p_category text)
returns json language sql stable set search_path = '' as $$
  select public.resources_register(p_region, p_status, p_category, null)
$$;

-- Photos of resources are served only when the caller may read the row (anon: published only).
create or replace function public.resource_photo_visible(p_key text)
returns boolean language sql stable set search_path = '' as $$
  select exists (select 1 from public.resources x where x.photo_key = p_key)
$$;

select private.grant_execute('anon, authenticated, service_role', 'private.resource_json(uuid)',
  'public.resources_geojson(text,text,text,double precision[],integer,uuid)', 'public.resources_export(text,text,text)',
  'public.resources_register(text,text,text,text)', 'public.resource_detail(uuid)',
  'public.resource_photo_visible(text)', 'public.resource_save(text,uuid,jsonb)',
  'public.resource_set_status(uuid,text)', 'public.resources_import(text,jsonb,boolean)');

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function public.resources_geojson(text,text,text,double precision[],integer,uuid) is 'Published resources of a region as GeoJSON, by bounding box and in pages (keyset on name, id).';
comment on function private.resource_json(uuid) is 'One resource as the panel shows and edits it.';
comment on function public.resources_register(text,text,text,text) is 'The resource register list with optional filters.';
comment on function public.resource_detail(uuid) is 'One resource of the register.';
comment on function public.resource_save(text,uuid,jsonb) is 'Creates or updates a resource from the panel form (RLS: editors).';
comment on function public.resource_set_status(uuid,text) is 'Publishes, returns to draft or archives a resource.';
comment on function public.resources_import(text,jsonb,boolean) is 'Imports parsed resource rows (a row with an id updates that resource, one without creates), all or nothing unless partial; returns a report per row.';
comment on function public.resources_export(text,text,text) is 'Register rows for the CSV and GeoJSON export.';
comment on function public.resource_photo_visible(text) is 'Whether the caller may see a resource photo.';
