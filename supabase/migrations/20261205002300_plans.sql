-- "Plan organizowania społeczności lokalnej" and its yearly report ("sprawozdanie").
-- The centre's community organizer plans, from the diagnosis, the organizing of a scope (the
-- gmina, a sołectwo or a village: the scopes of the diagnosis) for a year, and reports on it
-- (ustawa z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług
-- społecznych, Dz.U. 2019 poz. 1818). As with the diagnosis, no figure is stored: public.plan
-- computes the activities, indicators and needs live from published data. Only what the
-- organizer writes is stored: the narratives, the chosen goals with the needs they answer, the
-- indicator targets and, in the report, figures the data cannot know (costs), entered by hand.
-- Plans and reports are drafts for staff until published.

create table public.plans (
  id bigint generated always as identity primary key,
  region_id bigint not null references public.regions (id) on delete cascade,
  year integer not null check (year between 2000 and 2100),
  -- The URL slug of the scope, as in public.diagnoses: a locality slug, 'solectwo-<slug>' or 'gmina'.
  scope text not null check (scope ~ '^[a-z0-9-]{1,90}$'),
  body text not null default '' check (char_length(body) <= 20000),
  -- Indicator targets; null: no target set.
  target_community_animation integer check (target_community_animation >= 0),
  target_community_education integer check (target_community_education >= 0),
  target_civic_activation integer check (target_civic_activation >= 0),
  target_participants integer check (target_participants >= 0),
  target_volunteers integer check (target_volunteers >= 0),
  target_partners integer check (target_partners >= 0),
  target_needs_done integer check (target_needs_done >= 0),
  status text not null default 'draft' check (status in ('draft', 'published')),
  published_at timestamptz,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  unique (region_id, year, scope),
  check ((status = 'published') = (published_at is not null))
);
comment on table public.plans is 'The organizer''s plan of organizing a scope''s community for a year; drafts for staff.';

-- The plan's goals, from the service's goals (the activities.goals vocabulary), each with a
-- note and the needs it answers (plan_goal_needs).
create table public.plan_goals (
  id bigint generated always as identity primary key,
  plan_id bigint not null references public.plans (id) on delete cascade,
  goal text not null check (goal = any (array[
    'social_bonds', 'service_promotion', 'cultural_heritage', 'interests',
    'cultural_activity', 'entrepreneurship', 'social_campaigns'])),
  note text not null default '' check (char_length(note) <= 2000),
  unique (plan_id, goal)
);
comment on table public.plan_goals is 'The goals a plan pursues, from the service''s goals, with a note.';

select private.create_link_table('plan_goal_needs', 'goal_id', 'public.plan_goals',
  'need_id', 'public.needs', 'Which needs a goal of a plan answers.');

-- Whether hand-entered report figures are well formed: at most 30 of {label, value, unit?}, the
-- label 1–200 characters, the value a number. Checked in the table, so no write path skips it.
create or replace function private.valid_manual_figures(p jsonb) returns boolean
language sql immutable set search_path = '' as $$
  select jsonb_typeof(p) = 'array' and jsonb_array_length(p) <= 30
    and not exists (select 1 from jsonb_array_elements(p) f
      where jsonb_typeof(f) <> 'object'
        or jsonb_typeof(f -> 'label') is distinct from 'string'
        or char_length(btrim(f ->> 'label')) not between 1 and 200
        or jsonb_typeof(f -> 'value') is distinct from 'number'
        or (f ? 'unit' and (jsonb_typeof(f -> 'unit') <> 'string'
          or char_length(f ->> 'unit') > 20)))
$$;

-- The yearly report of a plan: the organizer's narrative and the figures entered by hand.
create table public.plan_reports (
  id bigint generated always as identity primary key,
  plan_id bigint not null unique references public.plans (id) on delete cascade,
  body text not null default '' check (char_length(body) <= 20000),
  manual_figures jsonb not null default '[]'::jsonb
    check (private.valid_manual_figures(manual_figures)),
  status text not null default 'draft' check (status in ('draft', 'published')),
  published_at timestamptz,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  check ((status = 'published') = (published_at is not null))
);
comment on table public.plan_reports is 'The yearly report of a plan: narrative and hand-entered figures; drafts for staff.';

select private.lock_table('public.plans');
select private.lock_table('public.plan_goals');
select private.lock_table('public.plan_goal_needs');
select private.lock_table('public.plan_reports');

grant select (id, region_id, year, scope, body, target_community_animation,
  target_community_education, target_civic_activation, target_participants, target_volunteers,
  target_partners, target_needs_done, status, published_at, updated_at)
  on public.plans to anon, authenticated;
grant insert, update, delete on public.plans to authenticated;
grant select on public.plan_goals, public.plan_goal_needs to anon;
grant select, insert, update, delete on public.plan_goals, public.plan_goal_needs to authenticated;
grant select (id, plan_id, body, manual_figures, status, published_at, updated_at)
  on public.plan_reports to anon, authenticated;
grant insert, update, delete on public.plan_reports to authenticated;

-- Read: published plans for everyone, all for staff. Goals and their needs follow their plan
-- (the subqueries run under the reader's RLS, so a draft plan's goals stay hidden, and so do
-- needs the reader may not see); a report is public once it and its plan are published.
select private.create_editor_policies('plans', $$status = 'published'$$);
select private.create_editor_policies('plan_goals',
  $$exists (select 1 from public.plans p where p.id = plan_id)$$);
select private.create_editor_policies('plan_goal_needs',
  $$(exists (select 1 from public.plan_goals g where g.id = goal_id)
    and exists (select 1 from public.needs n where n.id = need_id))$$);
select private.create_editor_policies('plan_reports',
  $$(status = 'published' and exists (select 1 from public.plans p where p.id = plan_id))$$);

create trigger plans_touch before update on public.plans
  for each row execute function private.touch_updated_at();
create trigger plan_reports_touch before update on public.plan_reports
  for each row execute function private.touch_updated_at();

create trigger plans_audit after insert or update or delete on public.plans
  for each row execute function private.audit_row();
create trigger plan_goals_audit after insert or update or delete on public.plan_goals
  for each row execute function private.audit_row();
create trigger plan_goal_needs_audit after insert or update or delete on public.plan_goal_needs
  for each row execute function private.audit_row();
create trigger plan_reports_audit after insert or update or delete on public.plan_reports
  for each row execute function private.audit_row();

-- Cached pages and documents follow every write (see …_data_versions.sql).
create trigger plans_data_version before insert or update or delete or truncate
  on public.plans for each statement execute function private.touch_data_version();
create trigger plan_goals_data_version before insert or update or delete or truncate
  on public.plan_goals for each statement execute function private.touch_data_version();
create trigger plan_goal_needs_data_version before insert or update or delete or truncate
  on public.plan_goal_needs for each statement execute function private.touch_data_version();
create trigger plan_reports_data_version before insert or update or delete or truncate
  on public.plan_reports for each statement execute function private.touch_data_version();

-- The activities of a plan: published, not cancelled, starting in the year (Warsaw time) and
-- serving one of the scope's localities. Published only, so staff and residents read the same.
create or replace function private.plan_activity_ids(p_ids bigint[], p_year integer)
returns table (id uuid) language sql stable set search_path = '' as $$
  select a.id from public.activities a
  where a.published and a.status <> 'cancelled' and a.starts_at is not null
    and extract(year from private.local_time(a.starts_at)) = p_year
    and private.activity_serves(a.id, a.locality_id, p_ids)
$$;

-- Public needs of the localities that moved to 'done' ("zrealizowane") in the year: the date of
-- their first 'done' status event, else of their last change (as the diagnosis's trend reads it).
-- Public events only (a status change with an internal note is not), so staff and residents
-- date every need alike.
create or replace function private.plan_needs_done(p_ids bigint[], p_year integer)
returns table (id uuid, ref text, title text, category text, done_at timestamptz)
language sql stable set search_path = '' as $$
  select x.id, x.ref, x.title, x.category, x.done_at from (
    select n.id, n.ref, n.title, n.category, coalesce((select min(e.created_at)
        from public.need_events e where e.need_id = n.id and e.status = 'done' and e.is_public),
        n.updated_at) as done_at
    from public.needs n
    where n.locality_id = any (p_ids) and n.status = 'done'
      and private.is_public_need(n.status, n.hidden_at)) x
  where extract(year from private.local_time(x.done_at)) = p_year
$$;

-- What was achieved in a year: activities held (in all and per programme category), their
-- participants and volunteers (the organizer's counts on completion), the distinct partners of
-- held activities and the needs realised; and, for the plan, the activities planned per category.
create or replace function private.plan_achieved(p_ids bigint[], p_year integer)
returns jsonb language sql stable set search_path = '' as $$
  with a as (
    select x.id, x.status, x.programme_category, x.outcome_participants, x.outcome_volunteers
    from public.activities x where x.id in (select p.id from private.plan_activity_ids(p_ids, p_year) p)
  )
  select jsonb_build_object(
    'year', p_year,
    'activities', (select count(*) from a where a.status = 'held'),
    'by_category', jsonb_build_object(
      'community_animation', (select count(*) from a
        where a.status = 'held' and a.programme_category = 'community_animation'),
      'community_education', (select count(*) from a
        where a.status = 'held' and a.programme_category = 'community_education'),
      'civic_activation', (select count(*) from a
        where a.status = 'held' and a.programme_category = 'civic_activation')),
    'planned_by_category', jsonb_build_object(
      'community_animation', (select count(*) from a where a.programme_category = 'community_animation'),
      'community_education', (select count(*) from a where a.programme_category = 'community_education'),
      'civic_activation', (select count(*) from a where a.programme_category = 'civic_activation')),
    'participants', (select coalesce(sum(a.outcome_participants), 0) from a where a.status = 'held'),
    'volunteers', (select coalesce(sum(a.outcome_volunteers), 0) from a where a.status = 'held'),
    'partners', (select count(distinct ap.resource_id) from public.activity_partners ap
      join a on a.id = ap.activity_id where a.status = 'held'),
    'needs_done', (select count(*) from private.plan_needs_done(p_ids, p_year)))
$$;

-- The plan of a scope for a year as one document (null for an unknown scope): the stored parts
-- the caller may read (RLS: null plan/report for the public until published) and every figure
-- live. SECURITY INVOKER: RLS applies everywhere.
create or replace function public.plan(p_region text, p_year integer, p_scope_kind text, p_slug text)
returns jsonb language plpgsql stable set search_path = '' as $$
declare
  v_ids bigint[];
  v_name text;
  v_scope text := case p_scope_kind when 'gmina' then 'gmina'
    when 'solectwo' then 'solectwo-' || p_slug else p_slug end;
  v_plan_id bigint;
  v_plan jsonb;
begin
  select s.ids, s.name into v_ids, v_name
  from private.diagnosis_scope(p_region, p_scope_kind, p_slug) s;
  if v_name is null or p_year is null or p_year not between 2000 and 2100 then
    return null;
  end if;
  select p.id, jsonb_build_object('body', p.body, 'status', p.status,
      'published_at', p.published_at, 'updated_at', p.updated_at,
      'targets', jsonb_build_object(
        'community_animation', p.target_community_animation,
        'community_education', p.target_community_education,
        'civic_activation', p.target_civic_activation,
        'participants', p.target_participants, 'volunteers', p.target_volunteers,
        'partners', p.target_partners, 'needs_done', p.target_needs_done))
  into v_plan_id, v_plan
  from public.plans p join public.regions r on r.id = p.region_id
  where r.slug = p_region and p.year = p_year and p.scope = v_scope;

  return jsonb_build_object(
    'scope', jsonb_build_object('kind', p_scope_kind, 'slug', v_scope, 'name', v_name,
      'locality_ids', to_jsonb(v_ids)),
    'year', p_year,
    'generated_at', now(),
    'plan', v_plan,
    'goals', (select coalesce(jsonb_agg(jsonb_build_object('goal', g.goal, 'note', g.note,
        'needs', (select coalesce(jsonb_agg(jsonb_build_object('id', n.id, 'ref', n.ref,
            'title', n.title, 'status', n.status) order by n.ref), '[]'::jsonb)
          from public.plan_goal_needs gn join public.needs n on n.id = gn.need_id
          where gn.goal_id = g.id))
        order by array_position(array['social_bonds', 'service_promotion', 'cultural_heritage',
          'interests', 'cultural_activity', 'entrepreneurship', 'social_campaigns'], g.goal)), '[]'::jsonb)
      from public.plan_goals g where g.plan_id = v_plan_id),
    'activities', (select coalesce(jsonb_agg(private.activity_json(a.id)
        || jsonb_build_object('outcome_volunteers', a.outcome_volunteers)
        order by a.starts_at, a.title), '[]'::jsonb)
      from public.activities a where a.id in (select x.id from private.plan_activity_ids(v_ids, p_year) x)),
    'achieved', private.plan_achieved(v_ids, p_year),
    'previous', private.plan_achieved(v_ids, p_year - 1),
    'needs_done', (select coalesce(jsonb_agg(jsonb_build_object('ref', d.ref, 'title', d.title,
        'category', d.category, 'done_at', d.done_at) order by d.done_at, d.ref), '[]'::jsonb)
      from private.plan_needs_done(v_ids, p_year) d),
    'report', (select jsonb_build_object('body', rp.body, 'status', rp.status,
        'published_at', rp.published_at, 'updated_at', rp.updated_at,
        'manual_figures', rp.manual_figures)
      from public.plan_reports rp where rp.plan_id = v_plan_id));
end
$$;

-- The plans of a region the caller may read (RLS: published ones for the public), newest year
-- first, with whether each has a report the caller may read.
create or replace function public.plans_index(p_region text)
returns jsonb language sql stable set search_path = '' as $$
  select coalesce(jsonb_agg(jsonb_build_object('year', p.year, 'scope', p.scope,
      'status', p.status, 'published_at', p.published_at,
      'report_status', (select rp.status from public.plan_reports rp where rp.plan_id = p.id))
      order by p.year desc, p.scope = 'gmina' desc, p.scope), '[]'::jsonb)
  from public.plans p join public.regions r on r.id = p.region_id
  where r.slug = p_region
$$;

-- The panel's plan editor: saves the narrative, the targets and the goals with their needs
-- (p: {body, targets: {…}, goals: [{goal, note, needs: [uuid]}]}), creating the plan as a draft;
-- p_status publishes ('published') or withdraws ('draft') it. RLS refuses non-editors (42501).
create or replace function public.save_plan(p_region text, p_year integer, p_scope text,
  p jsonb, p_status text)
returns jsonb language plpgsql volatile set search_path = '' as $$
declare
  v_region bigint;
  v_id bigint;
  v_status text;
  v_published_at timestamptz;
  t jsonb := coalesce(p -> 'targets', '{}'::jsonb);
begin
  perform private.refuse_unless((select private.is_editor()), 'only organizers and admins write plans');
  if p_status is not null and p_status not in ('draft', 'published') then
    raise exception using errcode = '22023', message = 'unknown status';
  end if;
  v_region := private.region_id(p_region);
  if not exists (select 1 from private.diagnosis_scope(p_region,
      case when p_scope = 'gmina' then 'gmina' when p_scope like 'solectwo-%' then 'solectwo' else 'village' end,
      case when p_scope like 'solectwo-%' then substr(p_scope, 10) else p_scope end) s
    where s.name is not null) then
    raise exception using errcode = '22023', message = 'unknown_scope';
  end if;
  insert into public.plans as x (region_id, year, scope, body, target_community_animation,
    target_community_education, target_civic_activation, target_participants, target_volunteers,
    target_partners, target_needs_done, status, published_at, updated_by)
  values (v_region, p_year, p_scope, coalesce(p ->> 'body', ''),
    (t ->> 'community_animation')::integer, (t ->> 'community_education')::integer,
    (t ->> 'civic_activation')::integer, (t ->> 'participants')::integer,
    (t ->> 'volunteers')::integer, (t ->> 'partners')::integer, (t ->> 'needs_done')::integer,
    coalesce(p_status, 'draft'), case when p_status = 'published' then now() end, auth.uid())
  on conflict (region_id, year, scope) do update set
    body = coalesce(p ->> 'body', x.body),
    target_community_animation = case when p ? 'targets' then excluded.target_community_animation else x.target_community_animation end,
    target_community_education = case when p ? 'targets' then excluded.target_community_education else x.target_community_education end,
    target_civic_activation = case when p ? 'targets' then excluded.target_civic_activation else x.target_civic_activation end,
    target_participants = case when p ? 'targets' then excluded.target_participants else x.target_participants end,
    target_volunteers = case when p ? 'targets' then excluded.target_volunteers else x.target_volunteers end,
    target_partners = case when p ? 'targets' then excluded.target_partners else x.target_partners end,
    target_needs_done = case when p ? 'targets' then excluded.target_needs_done else x.target_needs_done end,
    status = coalesce(p_status, x.status),
    published_at = case when coalesce(p_status, x.status) = 'draft' then null
      when p_status = 'published' then now() else x.published_at end,
    updated_by = auth.uid()
  returning x.id, x.status, x.published_at into v_id, v_status, v_published_at;

  if p ? 'goals' then
    delete from public.plan_goals g where g.plan_id = v_id
      and g.goal not in (select e ->> 'goal' from jsonb_array_elements(p -> 'goals') e);
    insert into public.plan_goals as g (plan_id, goal, note)
    select v_id, e ->> 'goal', coalesce(e ->> 'note', '') from jsonb_array_elements(p -> 'goals') e
    on conflict (plan_id, goal) do update set note = excluded.note
      where g.note is distinct from excluded.note;
    delete from public.plan_goal_needs gn using public.plan_goals g, jsonb_array_elements(p -> 'goals') e
    where gn.goal_id = g.id and g.plan_id = v_id and e ->> 'goal' = g.goal
      and gn.need_id::text not in (select jsonb_array_elements_text(coalesce(e -> 'needs', '[]'::jsonb)));
    insert into public.plan_goal_needs (goal_id, need_id)
    select g.id, n::uuid from public.plan_goals g
    join jsonb_array_elements(p -> 'goals') e on e ->> 'goal' = g.goal
    cross join jsonb_array_elements_text(coalesce(e -> 'needs', '[]'::jsonb)) n
    where g.plan_id = v_id
    on conflict do nothing;
  end if;
  return jsonb_build_object('status', v_status, 'published_at', v_published_at);
end
$$;

-- The report's editor: saves the narrative and the hand-entered figures of the plan's report
-- (p: {body, manual_figures: [{label, value, unit}]}) and publishes or withdraws it. The plan
-- must exist (MZ404 plan_not_found); RLS refuses non-editors (42501).
create or replace function public.save_plan_report(p_region text, p_year integer, p_scope text,
  p jsonb, p_status text)
returns jsonb language plpgsql volatile set search_path = '' as $$
declare
  v_plan bigint;
  v_status text;
  v_published_at timestamptz;
begin
  perform private.refuse_unless((select private.is_editor()), 'only organizers and admins write reports');
  if p_status is not null and p_status not in ('draft', 'published') then
    raise exception using errcode = '22023', message = 'unknown status';
  end if;
  select x.id into v_plan from public.plans x
  where x.region_id = private.region_id(p_region) and x.year = p_year and x.scope = p_scope;
  if v_plan is null then
    raise exception using errcode = 'MZ404', message = 'plan_not_found';
  end if;
  insert into public.plan_reports as r (plan_id, body, manual_figures, status, published_at, updated_by)
  values (v_plan, coalesce(p ->> 'body', ''), coalesce(p -> 'manual_figures', '[]'::jsonb),
    coalesce(p_status, 'draft'), case when p_status = 'published' then now() end, auth.uid())
  on conflict (plan_id) do update set
    body = coalesce(p ->> 'body', r.body),
    manual_figures = coalesce(p -> 'manual_figures', r.manual_figures),
    status = coalesce(p_status, r.status),
    published_at = case when coalesce(p_status, r.status) = 'draft' then null
      when p_status = 'published' then now() else r.published_at end,
    updated_by = auth.uid()
  returning r.status, r.published_at into v_status, v_published_at;
  return jsonb_build_object('status', v_status, 'published_at', v_published_at);
end
$$;

select private.grant_execute('anon, authenticated, service_role',
  'private.valid_manual_figures(jsonb)', 'private.plan_activity_ids(bigint[],integer)',
  'private.plan_needs_done(bigint[],integer)', 'private.plan_achieved(bigint[],integer)',
  'public.plan(text,integer,text,text)', 'public.plans_index(text)');
select private.grant_execute('authenticated, service_role',
  'public.save_plan(text,integer,text,jsonb,text)',
  'public.save_plan_report(text,integer,text,jsonb,text)');

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.valid_manual_figures(jsonb) is 'Whether a report''s hand-entered figures are a well-formed list.';
comment on function private.plan_activity_ids(bigint[],integer) is 'The published, not cancelled activities of a year serving the localities.';
comment on function private.plan_needs_done(bigint[],integer) is 'Public needs of the localities realised (done) in a year.';
comment on function private.plan_achieved(bigint[],integer) is 'The achieved figures of a year: activities held, participants, volunteers, partners, needs realised.';
comment on function public.plan(text,integer,text,text) is 'The organizing plan of a scope for a year, with its live figures and report.';
comment on function public.plans_index(text) is 'The plans of a region the caller may read, with their report status.';
comment on function public.save_plan(text,integer,text,jsonb,text) is 'Saves, publishes or withdraws a plan with its targets and goals (editors).';
comment on function public.save_plan_report(text,integer,text,jsonb,text) is 'Saves, publishes or withdraws the yearly report of a plan (editors).';
