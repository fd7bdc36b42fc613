-- Live consultation: an organizer opens a session with a question, an optional area and a time
-- window; residents answer through a short link /k/<code> (a tap on the map or a village, an
-- optional short text), stored as needs tagged with the session;
-- answers reach the projector through LISTEN/NOTIFY + SSE; closing freezes the public answers as
-- a dated snapshot for the minutes.

create table public.consultations (
  id uuid primary key default gen_random_uuid(),
  region_id bigint not null references public.regions (id) on delete cascade,
  -- Short and read aloud from a projector: no I, L, O, 0, 1 (easily confused).
  code text not null unique check (code ~ '^[A-HJKMNP-Z2-9]{6}$'),
  question text not null check (char_length(btrim(question)) between 3 and 300),
  -- The area: one village, one sołectwo, or (both null) the whole gmina.
  locality_id bigint references public.localities (id) on delete set null,
  solectwo_id bigint references public.solectwa (id) on delete set null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- Moderation hold: answers stay 'new' (off the projector) until an organizer releases them.
  hold boolean not null default false,
  -- The category every answer takes: the session's own, chosen by the organizer.
  category text not null default 'przestrzen-publiczna' references public.need_categories (slug),
  -- Or, when the organizer lists some, residents pick one of these categories for their answer.
  -- Each must be a need category (checked by public.create_consultation; arrays take no foreign key).
  choices text[] not null default '{}' check (cardinality(choices) <= 20),
  status text not null default 'open' check (status in ('open', 'closed')),
  created_by uuid,
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  constraint consultations_window_check check (ends_at > starts_at),
  constraint consultations_area_check check (locality_id is null or solectwo_id is null),
  constraint consultations_closed_check check ((status = 'closed') = (closed_at is not null))
);
comment on table public.consultations is 'Live consultation sessions: question, area, time window and status.';

-- A live consultation answer is a need tagged with its session.
alter table public.needs add constraint needs_consultation_id_fkey
  foreign key (consultation_id) references public.consultations (id) on delete set null;

create index consultations_region_idx on public.consultations (region_id, created_at desc);

create index consultations_locality_idx on public.consultations (locality_id);

create index consultations_solectwo_idx on public.consultations (solectwo_id);

create index consultations_category_idx on public.consultations (category);

-- The frozen results: written once when the session closes, never updated (no UPDATE grant).
create table public.consultation_snapshots (
  consultation_id uuid primary key references public.consultations (id) on delete cascade,
  taken_at timestamptz not null default now(),
  -- FeatureCollection of the public answers at closing time (no personal data).
  answers jsonb not null,
  -- [{category, label, count}] of the same answers.
  counts jsonb not null,
  total integer not null check (total >= 0)
);
comment on table public.consultation_snapshots is 'The public answers of a closed consultation, frozen at closing.';

select private.lock_table('public.consultations');
grant select (id, region_id, code, question, locality_id, solectwo_id, starts_at, ends_at, hold,
  category, choices, status, created_at, closed_at) on public.consultations to anon;
grant insert, update on public.consultations to authenticated;
grant select (id, region_id, code, question, locality_id, solectwo_id, starts_at, ends_at, hold,
  category, choices, status, created_at, closed_at) on public.consultations to authenticated;

select private.lock_table('public.consultation_snapshots');
grant select on public.consultation_snapshots to anon;
grant select, insert on public.consultation_snapshots to authenticated;

create policy consultations_read_anon on public.consultations for select to anon using (true);
create policy consultations_read on public.consultations for select to authenticated using (true);
create policy consultations_insert on public.consultations for insert to authenticated with check ((select private.is_editor()));
create policy consultations_update on public.consultations for update to authenticated
  using ((select private.is_editor())) with check ((select private.is_editor()));

create policy consultation_snapshots_read_anon on public.consultation_snapshots for select to anon
  using (exists (select 1 from public.consultations c where c.id = consultation_id and c.status = 'closed'));

create policy consultation_snapshots_read on public.consultation_snapshots for select to authenticated
  using ((select private.is_staff()) or exists (
    select 1 from public.consultations c where c.id = consultation_id and c.status = 'closed'));

create policy consultation_snapshots_insert on public.consultation_snapshots for insert to authenticated
  with check ((select private.is_editor()));

create trigger consultations_audit after insert or update or delete on public.consultations
  for each row execute function private.audit_row();

create trigger consultation_snapshots_audit after insert or update or delete on public.consultation_snapshots
  for each row execute function private.audit_row();

-- Six characters from an alphabet without look-alikes (31^6 ≈ 887 million codes).
create or replace function private.consultation_code() returns text
language sql volatile set search_path = '' as $$
  select string_agg(substr('ABCDEFGHJKMNPQRSTUVWXYZ23456789', 1 + floor(random() * 31)::integer, 1), '')
  from generate_series(1, 6)
$$;

-- Opens a session. SECURITY INVOKER: RLS decides (editors). p: {region, question, locality,
-- solectwo, starts_at, ends_at (local Europe/Warsaw 'YYYY-MM-DDTHH:MI'), hold, category (the
-- answers' category; the column's default when absent), choices (categories residents pick from)}
create or replace function public.create_consultation(p jsonb)
returns json language plpgsql set search_path = '' as $$
declare
  v_region_id bigint;
  v_locality bigint;
  v_solectwo bigint;
  v_choices text[];
  v_id uuid;
  v_code text;
begin
  v_region_id := private.region_id(p ->> 'region');
  v_locality := private.area_id('locality', v_region_id, p ->> 'locality', 'MZ422', 'unknown_area');
  v_solectwo := private.area_id('solectwo', v_region_id, p ->> 'solectwo', 'MZ422', 'unknown_area');
  -- In the organizer's order, each once.
  select coalesce(array_agg(e.v order by e.o), '{}') into v_choices
  from (select x.v, min(x.o) as o
        from jsonb_array_elements_text(coalesce(p -> 'choices', '[]'::jsonb)) with ordinality x(v, o)
        group by x.v) e;
  if exists (select 1 from unnest(array_remove(v_choices || nullif(p ->> 'category', ''), null)) x
             where not exists (select 1 from public.need_categories c where c.slug = x)) then
    raise exception using errcode = 'MZ422', message = 'unknown_category';
  end if;
  for i in 1..8 loop
    v_code := private.consultation_code();
    begin
      insert into public.consultations (region_id, code, question, locality_id, solectwo_id,
        starts_at, ends_at, hold, category, choices, created_by)
      values (v_region_id, v_code, btrim(p ->> 'question'), v_locality, v_solectwo,
        (p ->> 'starts_at')::timestamp at time zone 'Europe/Warsaw',
        (p ->> 'ends_at')::timestamp at time zone 'Europe/Warsaw',
        coalesce((p ->> 'hold')::boolean, false),
        coalesce(nullif(p ->> 'category', ''), 'przestrzen-publiczna'), v_choices, auth.uid())
      returning id into v_id;
      return json_build_object('id', v_id, 'code', v_code);
    exception when unique_violation then
      -- Another session drew the same code: draw again.
      null;
    end;
  end loop;
  raise exception using errcode = 'MZ409', message = 'code_exhausted';
end
$$;

-- Public answers of a session as GeoJSON (p_need: only that one). SECURITY INVOKER and an
-- explicit public filter: the same for anon and staff, never personal data.
create or replace function public.consultation_pins(p_code text, p_need uuid)
returns json language sql stable set search_path = '' as $$
  select private.geojson_collection(json_agg(private.geojson_feature(n.point,
      json_build_object('id', n.id, 'ref', n.ref, 'kind', n.kind,
        'category', n.category, 'category_label', k.label_pl, 'category_label_en', k.label_en,
        'color', k.color, 'title', n.title,
        'locality', l.name, 'created_at', n.created_at))
      order by n.created_at, n.id))
  from public.consultations c
  join public.needs n on n.consultation_id = c.id
  join public.need_categories k on k.slug = n.category
  left join public.localities l on l.id = n.locality_id
  where c.code = upper(p_code)
    and private.is_public_need(n.status, n.hidden_at)
    and (p_need is null or n.id = p_need)
$$;

-- One session by code, with its area and whether it takes answers now.
create or replace function public.consultation_by_code(p_region text, p_code text)
returns json language sql stable set search_path = '' as $$
  select json_build_object('id', c.id, 'code', c.code, 'question', c.question,
    'starts_at', c.starts_at, 'ends_at', c.ends_at, 'hold', c.hold, 'status', c.status,
    'closed_at', c.closed_at, 'created_at', c.created_at,
    'category', c.category, 'choices', to_json(c.choices),
    'accepting', c.status = 'open' and now() >= c.starts_at and now() < c.ends_at,
    'area', case
      when l.id is not null then json_build_object('kind', 'locality', 'slug', l.slug, 'name', l.name,
        'bbox', json_build_array(extensions.st_xmin(l.area), extensions.st_ymin(l.area),
          extensions.st_xmax(l.area), extensions.st_ymax(l.area)))
      when s.id is not null then json_build_object('kind', 'solectwo', 'slug', s.slug, 'name', s.name,
        'bbox', (select json_build_array(extensions.st_xmin(e.b), extensions.st_ymin(e.b),
            extensions.st_xmax(e.b), extensions.st_ymax(e.b))
          from (select extensions.st_extent(x.area)::extensions.geometry as b
                from public.solectwo_localities sl join public.localities x on x.id = sl.locality_id
                where sl.solectwo_id = s.id) e where e.b is not null))
    end)
  from public.consultations c
  join public.regions r on r.id = c.region_id
  left join public.localities l on l.id = c.locality_id
  left join public.solectwa s on s.id = c.solectwo_id
  where r.slug = p_region and c.code = upper(p_code)
$$;

-- The organizer's list: sessions newest first with answer counts (staff see held ones too).
create or replace function public.consultation_list(p_region text)
returns json language sql stable set search_path = '' as $$
  select coalesce(json_agg(json_build_object('id', c.id, 'code', c.code, 'question', c.question,
    'starts_at', c.starts_at, 'ends_at', c.ends_at, 'hold', c.hold, 'status', c.status,
    'closed_at', c.closed_at,
    'area', coalesce(l.name, s.name),
    'accepting', c.status = 'open' and now() >= c.starts_at and now() < c.ends_at,
    'public_answers', (select count(*) from public.needs n
      where n.consultation_id = c.id and private.is_public_need(n.status, n.hidden_at)),
    'held_answers', (select count(*) from public.needs n
      where n.consultation_id = c.id and n.status = 'new' and n.hidden_at is null))
    order by c.created_at desc, c.id), '[]'::json)
  from public.consultations c
  join public.regions r on r.id = c.region_id
  left join public.localities l on l.id = c.locality_id
  left join public.solectwa s on s.id = c.solectwo_id
  where r.slug = p_region
$$;

-- Held answers waiting for release (staff: RLS shows 'new' needs only to them).
create or replace function public.consultation_held(p_code text)
returns json language sql stable set search_path = '' as $$
  select coalesce(json_agg(json_build_object('id', n.id, 'ref', n.ref, 'title', n.title,
    'description', n.description, 'category_label', k.label_pl, 'category_label_en', k.label_en,
    'locality', l.name,
    'created_at', n.created_at) order by n.created_at, n.id), '[]'::json)
  from public.consultations c
  join public.needs n on n.consultation_id = c.id
  join public.need_categories k on k.slug = n.category
  left join public.localities l on l.id = n.locality_id
  where c.code = upper(p_code) and n.status = 'new' and n.hidden_at is null
    and (select private.is_staff())
$$;

-- "Pokaż na ekranie": a held answer is published through the moderation workflow.
create or replace function public.release_consultation_answer(p_code text, p_need uuid)
returns json language plpgsql set search_path = '' as $$
begin
  if not exists (select 1 from public.needs n join public.consultations c on c.id = n.consultation_id
                 where n.id = p_need and c.code = upper(p_code) and n.status = 'new') then
    raise exception using errcode = '22023', message = 'not_held';
  end if;
  return public.moderate_need(p_need, 'published', null, true);
end
$$;

-- Closes a session and freezes its public answers. SECURITY INVOKER: RLS lets editors only.
create or replace function public.close_consultation(p_code text)
returns json language plpgsql set search_path = '' as $$
declare
  v_id uuid;
  v_pins json;
  v_counts jsonb;
  v_total integer;
begin
  update public.consultations set status = 'closed', closed_at = now()
  where code = upper(p_code) and status = 'open' returning id into v_id;
  if v_id is null then
    if exists (select 1 from public.consultations c where c.code = upper(p_code) and c.status = 'closed')
       and (select private.is_editor()) then
      raise exception using errcode = '22023', message = 'already_closed';
    end if;
    raise exception using errcode = '42501', message = 'not_allowed';
  end if;
  v_pins := public.consultation_pins(p_code, null);
  select coalesce(jsonb_agg(jsonb_build_object('category', x.category, 'label', x.label,
      'label_en', x.label_en, 'count', x.n) order by x.n desc, x.label), '[]'::jsonb),
    coalesce(sum(x.n), 0)::integer
  into v_counts, v_total
  from (select n.category, k.label_pl as label, k.label_en, count(*) as n
        from public.needs n join public.need_categories k on k.slug = n.category
        where n.consultation_id = v_id and private.is_public_need(n.status, n.hidden_at)
        group by n.category, k.label_pl, k.label_en) x;
  insert into public.consultation_snapshots (consultation_id, answers, counts, total)
  values (v_id, v_pins::jsonb, v_counts, v_total);
  return json_build_object('id', v_id, 'total', v_total);
end
$$;

-- The snapshot of a closed session (RLS: public once closed).
create or replace function public.consultation_snapshot(p_code text)
returns json language sql stable set search_path = '' as $$
  select json_build_object('taken_at', s.taken_at, 'answers', s.answers, 'counts', s.counts,
    'total', s.total)
  from public.consultation_snapshots s
  join public.consultations c on c.id = s.consultation_id
  where c.code = upper(p_code)
$$;

-- Realtime: one notification per answer that becomes public (published at once without hold,
-- released or restored later). Delivered at commit, so listeners never see a rolled-back pin.
-- The payload names the session and the need only; listeners fetch the pin as anon via RLS.
create or replace function private.notify_consultation_pin() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.consultation_id is null or not private.is_public_need(new.status, new.hidden_at) then
    return null;
  end if;
  if tg_op = 'UPDATE' and old.consultation_id is not distinct from new.consultation_id
     and private.is_public_need(old.status, old.hidden_at) then
    return null;
  end if;
  perform pg_notify('consultation_pins', json_build_object(
    'consultation', new.consultation_id,
    'code', (select c.code from public.consultations c where c.id = new.consultation_id),
    'need', new.id)::text);
  return null;
end
$$;

create trigger needs_consultation_notify after insert or update of status, hidden_at, consultation_id
  on public.needs for each row execute function private.notify_consultation_pin();

select private.grant_execute('authenticated, service_role', 'private.consultation_code()');

select private.grant_execute('anon, authenticated, service_role',
  'public.consultation_snapshot(text)', 'public.consultation_pins(text,uuid)',
  'public.consultation_by_code(text,text)', 'public.create_consultation(jsonb)',
  'public.consultation_list(text)', 'public.consultation_held(text)',
  'public.release_consultation_answer(text,uuid)', 'public.close_consultation(text)');

revoke all on function private.notify_consultation_pin()
  from public, anon, authenticated, service_role;

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.consultation_code() is 'A random six-character session code without look-alike characters.';
comment on function public.create_consultation(jsonb) is 'Opens a consultation session (RLS: editors).';
comment on function public.consultation_pins(text,uuid) is 'Public answers of a session as GeoJSON.';
comment on function public.consultation_by_code(text,text) is 'One session by code, with its area and whether it takes answers now.';
comment on function public.consultation_list(text) is 'Sessions of a region for the organizer, newest first, with answer counts.';
comment on function public.consultation_held(text) is 'Answers of a session held for moderation (staff).';
comment on function public.release_consultation_answer(text,uuid) is 'Publishes a held answer of a session.';
comment on function public.close_consultation(text) is 'Closes a session and freezes its public answers.';
comment on function public.consultation_snapshot(text) is 'The frozen results of a closed session.';
comment on function private.notify_consultation_pin() is 'Trigger: notifies listeners when a consultation answer becomes public.';
