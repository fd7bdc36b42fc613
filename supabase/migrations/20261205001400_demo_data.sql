-- The optional demo data set: clearly fictional items, loaded and removed by the owner only
-- (npm run db:seed with DEMO=1 or DEMO=0); the UI says so on every page while any is present.

-- Whether fictional demo data is loaded: the UI must then say so on every page.
create or replace function public.demo_data_present()
returns boolean language sql stable set search_path = '' as $$
  select exists (select 1 from public.resources where is_demo)
      or exists (select 1 from public.needs where is_demo)
      or exists (select 1 from public.activities where is_demo)
$$;

-- Demo data: clearly fictional items, placed at an offset (metres) from a named locality's point.
-- p_demo: { resources: [{ key, category, name, description, locality, dx, dy }],
--           needs: [{ key, kind, category, title, description, status, supports, locality, dx, dy }] }
-- Items are keyed by name/title, so loading twice does not duplicate them.
create or replace function private.load_demo(p_region text, p_demo jsonb)
returns json language plpgsql set search_path = '' as $$
declare
  v_region_id bigint;
begin
  select r.id into v_region_id from public.regions r where r.slug = p_region;
  if v_region_id is null then
    raise exception 'region % is not loaded', p_region;
  end if;

  insert into public.resources (region_id, category, name, description, point, status, is_demo)
  select v_region_id, x.category, x.name, x.description,
    extensions.st_transform(extensions.st_translate(extensions.st_transform(l.point, 2180), x.dx, x.dy), 4326),
    'published', true
  from jsonb_to_recordset(p_demo -> 'resources') as x(
    category text, name text, description text, locality text, dx double precision, dy double precision)
  join public.localities l on l.region_id = v_region_id and l.slug = private.slugify(x.locality)
  where not exists (select 1 from public.resources e where e.is_demo and e.name = x.name);

  insert into public.needs (region_id, kind, category, title, description, point, status, is_demo)
  select v_region_id, x.kind, x.category, x.title, x.description,
    extensions.st_transform(extensions.st_translate(extensions.st_transform(l.point, 2180), x.dx, x.dy), 4326),
    x.status, true
  from jsonb_to_recordset(p_demo -> 'needs') as x(
    kind text, category text, title text, description text, status text, locality text,
    dx double precision, dy double precision)
  join public.localities l on l.region_id = v_region_id and l.slug = private.slugify(x.locality)
  where not exists (select 1 from public.needs e where e.is_demo and e.title = x.title);

  -- Demo supports are plain counts: no fictional supporter rows.
  update public.needs n set support_count = x.supports
  from jsonb_to_recordset(p_demo -> 'needs') as x(title text, supports integer)
  where n.is_demo and n.title = x.title and x.supports is not null;

  return json_build_object(
    'resources', (select count(*) from public.resources where is_demo),
    'needs', (select count(*) from public.needs where is_demo));
end
$$;

create or replace function private.remove_demo()
returns void language sql set search_path = '' as $$
  delete from public.resources where is_demo;
  delete from public.needs where is_demo;
  delete from public.activities where is_demo;
$$;

select private.grant_execute('anon, authenticated, service_role', 'public.demo_data_present()');

revoke all on function private.load_demo(text,jsonb), private.remove_demo()
  from public, anon, authenticated, service_role;

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function public.demo_data_present() is 'Whether fictional demo data is loaded.';
comment on function private.load_demo(text,jsonb) is 'Loads the fictional demo data set of a region; idempotent.';
comment on function private.remove_demo() is 'Removes all demo data.';
