-- Fundusz sołecki (the village fund) under the ustawa z dnia 21 lutego 2014 r. o funduszu
-- sołeckim (Dz.U. 2014 poz. 301, consolidated texts since):
-- - art. 2 ust. 1: the rada gminy resolves by 31 March of the year before the budget year whether
--   the fund is established: public.village_fund_settings.established, set by an admin; while it
--   is off the app shows no fund page and public.village_fund answers null;
-- - art. 3 ust. 1: the amount of a sołectwo is Fs = (2 + Lm / 100) × Kb, at most 10 × Kb, where
--   Lm is the sołectwo's residents (the admin enters the figure with its reference date: the act
--   takes the residents' register as of 30 June of the year before the budget year) and Kb the
--   base amount: the gmina's executed current revenue (Wb) of the year two years before the
--   budget year divided by its residents (Lmg, GUS, 31 December of that year). The admin enters
--   Wb and Lmg, the two figures the act names, and Kb = Wb / Lmg is computed, rounded to the
--   grosz as gminas publish it; an override (e.g. a council resolution raising the amount) is
--   kept with its reason beside the computed amount;
-- - art. 5: the wniosek is adopted by the zebranie wiejskie on the initiative of the sołtys, the
--   rada sołecka or at least 15 adult residents (ust. 2), handed by the sołtys to the wójt by
--   30 September (ust. 1), and names the przedsięwzięcia to be carried out within the amount
--   of the sołectwo, with their cost estimates and a justification (ust. 3); the money goes to
--   przedsięwzięcia that are own tasks of the gmina, improve residents' living conditions and
--   fit the gmina's development strategy (art. 2).
-- (Article numbers checked against gmina resolutions and BIP notices citing the act; the
-- consolidated text itself was not at hand.)
-- Everything is SECURITY INVOKER under RLS: everyone reads, admins write the amounts, editors
-- (organizers and admins) write the proposals and the assembly's decision; every table is
-- audited and moves the data version (the wniosek documents are cached by it).

create table public.village_fund_settings (
  region_id bigint primary key references public.regions (id) on delete cascade,
  established boolean not null default false,
  -- The rada gminy's resolution establishing the fund (art. 2 ust. 1), as the admin cites it.
  resolution text check (char_length(resolution) <= 500),
  updated_at timestamptz not null default now()
);
comment on table public.village_fund_settings is
  'Whether a region (gmina) has established the village fund (ustawa o funduszu sołeckim art. 2), set by admins.';

-- The base amount of one budget year (art. 3 ust. 1): Wb and Lmg as the admin enters them.
create table public.village_fund_years (
  region_id bigint not null references public.regions (id) on delete cascade,
  year integer not null check (year between 2015 and 2100),
  current_revenue numeric(14, 2) not null check (current_revenue > 0),
  gmina_population integer not null check (gmina_population > 0),
  base_amount numeric(12, 2) generated always as (round(current_revenue / gmina_population, 2)) stored,
  source text check (char_length(source) <= 500),
  updated_at timestamptz not null default now(),
  primary key (region_id, year)
);
comment on table public.village_fund_years is
  'Per budget year: the gmina''s executed current revenue (Wb) and residents (Lmg) two years before, and the base amount Kb = Wb / Lmg.';

-- One sołectwo in one budget year: its residents (Lm) with their reference date, and an optional
-- override of the computed amount, always with its reason.
create table public.village_fund_allocations (
  id bigint generated always as identity primary key,
  region_id bigint not null,
  year integer not null,
  solectwo_id bigint not null references public.solectwa (id) on delete cascade,
  population integer not null check (population >= 0),
  population_date date not null,
  override_amount numeric(12, 2) check (override_amount > 0),
  override_reason text check (char_length(btrim(override_reason)) between 3 and 500),
  updated_at timestamptz not null default now(),
  check ((override_amount is null) = (override_reason is null)),
  foreign key (region_id, year) references public.village_fund_years (region_id, year) on delete cascade,
  unique (solectwo_id, year)
);
comment on table public.village_fund_allocations is
  'The village fund of one sołectwo in one budget year: residents (Lm) with their date, and an override with its reason.';

create index village_fund_allocations_year_idx on public.village_fund_allocations (region_id, year);

-- The zebranie wiejskie that adopted the wniosek (art. 5 ust. 2): when, how many attended and
-- whose initiative it was.
create table public.village_fund_assemblies (
  allocation_id bigint primary key references public.village_fund_allocations (id) on delete cascade,
  held_on date not null,
  attendance integer not null check (attendance between 1 and 100000),
  initiator text not null check (initiator in ('soltys', 'rada_solecka', 'residents')),
  -- "co najmniej 15 pełnoletnich mieszkańców sołectwa" (art. 5 ust. 2).
  initiator_count integer check (initiator_count between 15 and 100000),
  notes text check (char_length(notes) <= 2000),
  updated_at timestamptz not null default now(),
  check ((initiator = 'residents') = (initiator_count is not null))
);
comment on table public.village_fund_assemblies is
  'The village assembly (zebranie wiejskie) that decided a sołectwo''s wniosek: date, attendance, initiator.';

-- The przedsięwzięcia (art. 5 ust. 3): drafted, then adopted or rejected by the assembly with its
-- votes, and done once carried out.
create table public.village_fund_proposals (
  id bigint generated always as identity primary key,
  allocation_id bigint not null references public.village_fund_allocations (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 3 and 200),
  cost numeric(12, 2) not null check (cost > 0 and cost < 10000000),
  justification text not null check (char_length(btrim(justification)) between 3 and 2000),
  status text not null default 'draft' check (status in ('draft', 'adopted', 'rejected', 'done')),
  votes_for integer check (votes_for >= 0),
  votes_against integer check (votes_against >= 0),
  votes_abstain integer check (votes_abstain >= 0),
  -- What was done, for residents, once the proposal is carried out.
  outcome text check (char_length(outcome) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status = 'draft' or num_nonnulls(votes_for, votes_against, votes_abstain) = 3)
);
comment on table public.village_fund_proposals is
  'Przedsięwzięcia of a sołectwo''s village fund: cost estimate, justification, the assembly''s votes and outcome.';

create index village_fund_proposals_allocation_idx on public.village_fund_proposals (allocation_id);

select private.create_link_table('village_fund_proposal_needs', 'proposal_id',
  'public.village_fund_proposals', 'need_id', 'public.needs',
  'The needs a village fund proposal answers (needs of the sołectwo''s localities).');

-- Grants and policies: everyone reads (the public sees proposals once the assembly decided on
-- them), admins write settings, years and allocations, editors write assemblies and proposals.
do $$
declare
  t text;
begin
  foreach t in array array['village_fund_settings', 'village_fund_years', 'village_fund_allocations',
    'village_fund_assemblies', 'village_fund_proposals', 'village_fund_proposal_needs'] loop
    perform private.lock_table(format('public.%I', t)::regclass);
    execute format('grant select on public.%I to anon', t);
    execute format('grant select, insert, update, delete on public.%I to authenticated', t);
    execute format('create trigger %I after insert or update or delete on public.%I '
      'for each row execute function private.audit_row()', t || '_audit', t);
    execute format('create trigger %I before insert or update or delete or truncate on public.%I '
      'for each statement execute function private.touch_data_version()', t || '_data_version', t);
    if t <> 'village_fund_proposal_needs' then
      execute format('create trigger %I before update on public.%I '
        'for each row execute function private.touch_updated_at()', t || '_touch', t);
    end if;
  end loop;
  foreach t in array array['village_fund_settings', 'village_fund_years', 'village_fund_allocations'] loop
    execute format('create policy %I on public.%I for select to anon, authenticated using (true)',
      t || '_read', t);
    execute format('create policy %I on public.%I for insert to authenticated '
      'with check ((select private.is_admin()))', t || '_insert', t);
    execute format('create policy %I on public.%I for update to authenticated '
      'using ((select private.is_admin())) with check ((select private.is_admin()))', t || '_update', t);
    execute format('create policy %I on public.%I for delete to authenticated '
      'using ((select private.is_admin()))', t || '_delete', t);
  end loop;
end
$$;

select private.create_editor_policies('village_fund_assemblies', 'true');
select private.create_editor_policies('village_fund_proposals', $$status <> 'draft'$$);
-- A link is as visible as both its proposal and its need (RLS of each applies in the subquery).
select private.create_editor_policies('village_fund_proposal_needs',
  $$exists (select 1 from public.village_fund_proposals p where p.id = proposal_id)
    and exists (select 1 from public.needs n where n.id = need_id)$$);

-- The statutory amount (art. 3 ust. 1): (2 + Lm / 100) × Kb rounded to the grosz, at most 10 × Kb.
create or replace function public.village_fund_formula(p_population integer, p_base numeric)
returns numeric language sql immutable parallel safe set search_path = '' as $$
  select least(round((2 + p_population / 100.0) * p_base, 2), 10 * p_base)
$$;

-- The amount at the sołectwo's disposal: the override when recorded, else the formula.
create or replace function public.village_fund_amount(p_allocation bigint)
returns numeric language sql stable set search_path = '' as $$
  select coalesce(a.override_amount, public.village_fund_formula(a.population, y.base_amount))
  from public.village_fund_allocations a
  join public.village_fund_years y on y.region_id = a.region_id and y.year = a.year
  where a.id = p_allocation
$$;

-- The total of the proposals still in the wniosek (all but those the assembly rejected) may not
-- exceed the amount (art. 5 ust. 3): checked after every change of a proposal, an allocation
-- or a year's base amount, so no form and no direct write can leave a set over the amount.
-- MZ422 fund_over_amount, with {"total", "amount"} in DETAIL for the form's message.
create or replace function private.village_fund_total_trigger() returns trigger
language plpgsql set search_path = '' as $$
declare
  v_ids bigint[];
  v_id bigint;
  v_total numeric;
  v_amount numeric;
begin
  -- PL/pgSQL resolves a field of NEW only when the line runs, so each table names its own.
  if tg_table_name = 'village_fund_years' then
    select array_agg(a.id) into v_ids from public.village_fund_allocations a
    where a.region_id = new.region_id and a.year = new.year;
  elsif tg_table_name = 'village_fund_allocations' then
    v_ids := array[new.id];
  else
    v_ids := array[new.allocation_id];
  end if;
  foreach v_id in array coalesce(v_ids, '{}') loop
    select coalesce(sum(p.cost), 0) into v_total from public.village_fund_proposals p
    where p.allocation_id = v_id and p.status <> 'rejected';
    v_amount := public.village_fund_amount(v_id);
    if v_amount is not null and v_total > v_amount then
      raise exception using errcode = 'MZ422', message = 'fund_over_amount',
        detail = json_build_object('total', v_total, 'amount', v_amount)::text;
    end if;
  end loop;
  return null;
end
$$;

create trigger village_fund_proposals_total after insert or update on public.village_fund_proposals
  for each row execute function private.village_fund_total_trigger();
create trigger village_fund_allocations_total after update on public.village_fund_allocations
  for each row execute function private.village_fund_total_trigger();
create trigger village_fund_years_total after update on public.village_fund_years
  for each row execute function private.village_fund_total_trigger();

-- Resolves (region, year, sołectwo slug) to the allocation; MZ404 when it does not exist.
create or replace function private.village_fund_allocation(p_region text, p_year integer, p_solectwo text)
returns bigint language plpgsql stable set search_path = '' as $$
declare
  v_id bigint;
begin
  select a.id into v_id from public.village_fund_allocations a
  join public.regions r on r.id = a.region_id
  join public.solectwa s on s.id = a.solectwo_id
  where r.slug = p_region and a.year = p_year and s.slug = p_solectwo;
  if v_id is null then
    raise exception using errcode = 'MZ404', message = 'fund_allocation_unknown';
  end if;
  return v_id;
end
$$;

-- The fund of a region for a budget year as one document, for the public pages, the panel and
-- the wniosek: null while the region has not established the fund. Every sołectwo of the region
-- (or only p_solectwo) with its figures, amount, assembly and proposals (RLS: drafts for staff).
create or replace function public.village_fund(p_region text, p_year integer, p_solectwo text)
returns jsonb language sql stable set search_path = '' as $$
  select jsonb_build_object(
    'region', jsonb_build_object('slug', r.slug, 'name', r.name),
    'year', p_year,
    'resolution', st.resolution,
    'years', (select coalesce(jsonb_agg(y.year order by y.year desc), '[]'::jsonb)
      from public.village_fund_years y where y.region_id = r.id),
    'base', (select jsonb_build_object('current_revenue', y.current_revenue,
        'gmina_population', y.gmina_population, 'base_amount', y.base_amount, 'source', y.source)
      from public.village_fund_years y where y.region_id = r.id and y.year = p_year),
    'solectwa', (select coalesce(jsonb_agg(x.doc order by x.sort, x.slug), '[]'::jsonb) from (
      select private.sort_key_pl(s.name) as sort, s.slug, jsonb_build_object(
        'slug', s.slug, 'name', s.name, 'soltys', s.soltys,
        'villages', (select coalesce(jsonb_agg(l.name order by private.sort_key_pl(l.name)), '[]'::jsonb)
          from public.solectwo_localities sl join public.localities l on l.id = sl.locality_id
          where sl.solectwo_id = s.id),
        'allocation', (select jsonb_build_object('id', a.id,
            'population', a.population, 'population_date', a.population_date,
            'formula_amount', public.village_fund_formula(a.population, y.base_amount),
            'override_amount', a.override_amount, 'override_reason', a.override_reason,
            'amount', public.village_fund_amount(a.id),
            'total', (select coalesce(sum(p.cost), 0) from public.village_fund_proposals p
              where p.allocation_id = a.id and p.status <> 'rejected'),
            'assembly', (select jsonb_build_object('held_on', z.held_on, 'attendance', z.attendance,
                'initiator', z.initiator, 'initiator_count', z.initiator_count, 'notes', z.notes)
              from public.village_fund_assemblies z where z.allocation_id = a.id),
            'proposals', (select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'title', p.title,
                'cost', p.cost, 'justification', p.justification, 'status', p.status,
                'votes_for', p.votes_for, 'votes_against', p.votes_against,
                'votes_abstain', p.votes_abstain, 'outcome', p.outcome,
                'needs', (select coalesce(jsonb_agg(jsonb_build_object('id', n.id, 'ref', n.ref,
                    'title', n.title, 'status', n.status) order by n.ref), '[]'::jsonb)
                  from public.village_fund_proposal_needs pn join public.needs n on n.id = pn.need_id
                  where pn.proposal_id = p.id))
                order by p.id), '[]'::jsonb)
              from public.village_fund_proposals p where p.allocation_id = a.id))
          from public.village_fund_allocations a
          join public.village_fund_years y on y.region_id = a.region_id and y.year = a.year
          where a.solectwo_id = s.id and a.year = p_year)) as doc
      from public.solectwa s
      where s.region_id = r.id and (p_solectwo is null or s.slug = p_solectwo)) x))
  from public.regions r
  join public.village_fund_settings st on st.region_id = r.id and st.established
  where r.slug = p_region
$$;

-- The switch and the resolution (admins; RLS refuses others).
create or replace function public.save_village_fund_settings(p_region text, p_established boolean,
  p_resolution text)
returns jsonb language plpgsql volatile set search_path = '' as $$
declare
  v_established boolean;
begin
  insert into public.village_fund_settings as s (region_id, established, resolution)
  values (private.region_id(p_region), p_established, nullif(btrim(p_resolution), ''))
  on conflict (region_id) do update set established = excluded.established,
    resolution = excluded.resolution
  returning s.established into v_established;
  return jsonb_build_object('established', v_established);
end
$$;

-- Wb and Lmg of a budget year (admins).
create or replace function public.save_village_fund_year(p_region text, p_year integer,
  p_current_revenue numeric, p_gmina_population integer, p_source text)
returns jsonb language plpgsql volatile set search_path = '' as $$
declare
  v_base numeric;
begin
  insert into public.village_fund_years as y (region_id, year, current_revenue, gmina_population, source)
  values (private.region_id(p_region), p_year, p_current_revenue, p_gmina_population,
    nullif(btrim(p_source), ''))
  on conflict (region_id, year) do update set current_revenue = excluded.current_revenue,
    gmina_population = excluded.gmina_population, source = excluded.source
  returning y.base_amount into v_base;
  return jsonb_build_object('year', p_year, 'base_amount', v_base);
end
$$;

-- A sołectwo's residents for a budget year and the override with its reason (admins). The year's
-- base amount must exist first (MZ422 fund_year_missing).
create or replace function public.save_village_fund_allocation(p_region text, p_year integer,
  p_solectwo text, p_population integer, p_population_date date, p_override numeric, p_reason text)
returns jsonb language plpgsql volatile set search_path = '' as $$
declare
  v_region bigint := private.region_id(p_region);
  v_solectwo bigint := private.area_id('solectwo', v_region, p_solectwo, 'MZ404', 'fund_solectwo_unknown');
  v_id bigint;
begin
  if not exists (select 1 from public.village_fund_years y where y.region_id = v_region and y.year = p_year) then
    raise exception using errcode = 'MZ422', message = 'fund_year_missing';
  end if;
  insert into public.village_fund_allocations as a (region_id, year, solectwo_id, population,
    population_date, override_amount, override_reason)
  values (v_region, p_year, v_solectwo, p_population, p_population_date, p_override,
    case when p_override is not null then nullif(btrim(p_reason), '') end)
  on conflict (solectwo_id, year) do update set population = excluded.population,
    population_date = excluded.population_date, override_amount = excluded.override_amount,
    override_reason = excluded.override_reason
  returning a.id into v_id;
  return jsonb_build_object('id', v_id, 'amount', public.village_fund_amount(v_id));
end
$$;

-- The assembly's decision (editors): date, attendance and initiator (art. 5 ust. 2).
create or replace function public.save_village_fund_assembly(p_region text, p_year integer,
  p_solectwo text, p jsonb)
returns jsonb language plpgsql volatile set search_path = '' as $$
declare
  v_allocation bigint := private.village_fund_allocation(p_region, p_year, p_solectwo);
  v_id bigint;
begin
  insert into public.village_fund_assemblies as z (allocation_id, held_on, attendance, initiator,
    initiator_count, notes)
  values (v_allocation, (p ->> 'held_on')::date, (p ->> 'attendance')::integer, p ->> 'initiator',
    case when p ->> 'initiator' = 'residents' then (p ->> 'initiator_count')::integer end,
    nullif(btrim(p ->> 'notes'), ''))
  on conflict (allocation_id) do update set held_on = excluded.held_on,
    attendance = excluded.attendance, initiator = excluded.initiator,
    initiator_count = excluded.initiator_count, notes = excluded.notes
  returning z.allocation_id into v_id;
  perform private.refuse_unless(v_id is not null, 'not_allowed');
  return jsonb_build_object('allocation_id', v_id);
end
$$;

-- A proposal (editors): new when p.id is absent. Its needs must be needs of the sołectwo's
-- localities (MZ422 fund_need_outside); votes may not exceed the assembly's attendance. When the
-- proposal is adopted its needs move to "planned", when done to "done", through the need status
-- workflow, so need_events records each step with the public note "z funduszu sołeckiego".
create or replace function public.save_village_fund_proposal(p_region text, p_year integer,
  p_solectwo text, p jsonb)
returns jsonb language plpgsql volatile set search_path = '' as $$
declare
  v_allocation bigint := private.village_fund_allocation(p_region, p_year, p_solectwo);
  v_id bigint := (p ->> 'id')::bigint;
  v_status text := coalesce(p ->> 'status', 'draft');
  v_needs uuid[] := coalesce((select array_agg(x::uuid) from jsonb_array_elements_text(
    coalesce(p -> 'need_ids', '[]'::jsonb)) x), '{}');
  v_attendance integer;
  v_note text := format('z funduszu sołeckiego na rok %s', p_year);
begin
  if exists (select 1 from unnest(v_needs) u(id) where not exists (
      select 1 from public.needs n
      join public.solectwo_localities sl on sl.locality_id = n.locality_id
      join public.village_fund_allocations a on a.solectwo_id = sl.solectwo_id
      where n.id = u.id and a.id = v_allocation)) then
    raise exception using errcode = 'MZ422', message = 'fund_need_outside';
  end if;
  if v_status <> 'draft' then
    select z.attendance into v_attendance from public.village_fund_assemblies z
    where z.allocation_id = v_allocation;
    if v_attendance is null then
      raise exception using errcode = 'MZ422', message = 'fund_assembly_missing';
    end if;
    if coalesce((p ->> 'votes_for')::integer, 0) + coalesce((p ->> 'votes_against')::integer, 0)
       + coalesce((p ->> 'votes_abstain')::integer, 0) > v_attendance then
      raise exception using errcode = 'MZ422', message = 'fund_votes_over_attendance';
    end if;
  end if;
  if v_id is null then
    insert into public.village_fund_proposals (allocation_id, title, cost, justification, status,
      votes_for, votes_against, votes_abstain, outcome)
    values (v_allocation, p ->> 'title', (p ->> 'cost')::numeric, p ->> 'justification', v_status,
      (p ->> 'votes_for')::integer, (p ->> 'votes_against')::integer,
      (p ->> 'votes_abstain')::integer, nullif(btrim(p ->> 'outcome'), ''))
    returning id into v_id;
  else
    update public.village_fund_proposals set title = p ->> 'title', cost = (p ->> 'cost')::numeric,
      justification = p ->> 'justification', status = v_status,
      votes_for = (p ->> 'votes_for')::integer, votes_against = (p ->> 'votes_against')::integer,
      votes_abstain = (p ->> 'votes_abstain')::integer, outcome = nullif(btrim(p ->> 'outcome'), '')
    where id = v_id and allocation_id = v_allocation
    returning id into v_id;
    perform private.refuse_unless(v_id is not null, 'not_allowed');
    delete from public.village_fund_proposal_needs pn
    where pn.proposal_id = v_id and pn.need_id <> all (v_needs);
  end if;
  insert into public.village_fund_proposal_needs (proposal_id, need_id)
  select v_id, u.id from unnest(v_needs) u(id)
  on conflict do nothing;
  if v_status in ('adopted', 'done') then
    perform private.set_need_note(v_note, true);
    update public.needs n set status = case when v_status = 'done' then 'done' else 'planned' end
    where n.id = any (v_needs)
      and n.status = any (case when v_status = 'done'
        then array['published', 'in_analysis', 'planned', 'in_progress']
        else array['published', 'in_analysis'] end);
    perform private.set_need_note(null, null);
  end if;
  return jsonb_build_object('id', v_id, 'status', v_status);
end
$$;

create or replace function public.delete_village_fund_proposal(p_id bigint)
returns jsonb language plpgsql volatile set search_path = '' as $$
declare
  v_id bigint;
begin
  delete from public.village_fund_proposals where id = p_id returning id into v_id;
  perform private.refuse_unless(v_id is not null, 'not_allowed');
  return jsonb_build_object('id', v_id);
end
$$;

-- The needs a proposal of the sołectwo may answer: the public, still open needs of its
-- localities (and those already linked to one of its proposals), for the panel's picker.
create or replace function public.village_fund_need_choices(p_region text, p_solectwo text)
returns jsonb language sql stable set search_path = '' as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', n.id, 'ref', n.ref, 'title', n.title,
      'status', n.status, 'village', l.name) order by private.sort_key_pl(l.name), n.ref), '[]'::jsonb)
  from public.regions r
  join public.solectwa s on s.region_id = r.id and s.slug = p_solectwo
  join public.solectwo_localities sl on sl.solectwo_id = s.id
  join public.localities l on l.id = sl.locality_id
  join public.needs n on n.locality_id = l.id
  where r.slug = p_region and private.is_public_need(n.status, n.hidden_at)
$$;

revoke all on function private.village_fund_total_trigger() from public, anon, authenticated, service_role;
select private.grant_execute('anon, authenticated, service_role',
  'public.village_fund_formula(integer,numeric)', 'public.village_fund_amount(bigint)',
  'public.village_fund(text,integer,text)', 'public.village_fund_need_choices(text,text)');
select private.grant_execute('authenticated, service_role',
  'private.village_fund_allocation(text,integer,text)',
  'public.save_village_fund_settings(text,boolean,text)',
  'public.save_village_fund_year(text,integer,numeric,integer,text)',
  'public.save_village_fund_allocation(text,integer,text,integer,date,numeric,text)',
  'public.save_village_fund_assembly(text,integer,text,jsonb)',
  'public.save_village_fund_proposal(text,integer,text,jsonb)',
  'public.delete_village_fund_proposal(bigint)');

comment on function public.village_fund_formula(integer,numeric) is 'The statutory village fund amount (ustawa o funduszu sołeckim art. 3 ust. 1): (2 + Lm/100) × Kb, at most 10 × Kb.';
comment on function public.village_fund_amount(bigint) is 'The amount of a sołectwo''s village fund for a year: the override, else the statutory formula.';
comment on function private.village_fund_total_trigger() is 'Trigger: checks the proposals'' total against the amount after a proposal, allocation or year changes.';
comment on function private.village_fund_allocation(text,integer,text) is 'The allocation of a sołectwo and budget year by slugs; MZ404 when there is none.';
comment on function public.village_fund(text,integer,text) is 'The village fund of a region and budget year as one document (null while the fund is not established).';
comment on function public.save_village_fund_settings(text,boolean,text) is 'Switches the village fund of a region on or off, with the council''s resolution (RLS: admins).';
comment on function public.save_village_fund_year(text,integer,numeric,integer,text) is 'Saves Wb and Lmg of a budget year, from which the base amount is computed (RLS: admins).';
comment on function public.save_village_fund_allocation(text,integer,text,integer,date,numeric,text) is 'Saves a sołectwo''s residents for a budget year and an override with its reason (RLS: admins).';
comment on function public.save_village_fund_assembly(text,integer,text,jsonb) is 'Records the village assembly''s decision: date, attendance, initiator (RLS: editors).';
comment on function public.save_village_fund_proposal(text,integer,text,jsonb) is 'Saves a village fund proposal with its needs and votes; adopted or done proposals move their needs on (RLS: editors).';
comment on function public.delete_village_fund_proposal(bigint) is 'Deletes a village fund proposal (RLS: editors).';
comment on function public.village_fund_need_choices(text,text) is 'The public needs of a sołectwo''s localities a village fund proposal may answer.';
