-- The plan and report's list of needs realised in the year (public.plan, …_plans.sql),
-- restated to list at most the 200 realised last, in date order. It listed every one: at a
-- million needs in one gmina the plan came to 7.7 MB of JSON, and the report page and its PDF
-- and Word files with it. The count of needs realised (achieved.needs_done) still counts them
-- all, and the page and documents say when the list shows only part of them.
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
      from (select x.ref, x.title, x.category, x.done_at
        from private.plan_needs_done(v_ids, p_year) x
        order by x.done_at desc, x.ref desc
        limit 200) d),
    'report', (select jsonb_build_object('body', rp.body, 'status', rp.status,
        'published_at', rp.published_at, 'updated_at', rp.updated_at,
        'manual_figures', rp.manual_figures)
      from public.plan_reports rp where rp.plan_id = v_plan_id));
end
$$;
