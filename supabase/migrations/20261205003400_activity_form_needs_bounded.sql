-- The needs the activity form (and the plan editor's goals) offer to link, bounded at any number
-- of needs.
--
-- public.activity_form_options (…_activities.sql) listed every open need of the region, each
-- a checkbox: at a million needs the new-activity page took 18 s and the plan editor ran the
-- server out of memory. It now offers, per village, the 50 open public needs with the most
-- supports (newest first among equals), read in that order from needs_public_top_idx; the 50 of
-- those outside every village; the 200 newest needs still awaiting moderation; and always the
-- needs already linked to the activity (p_activity) and those asked for by id (p_needs: the
-- planning page's prefilled choice). At most 65 x 50 + 450 rows for a gmina of 65 villages,
-- whatever the number of needs. The picker says so.
drop function public.activity_form_options(text, uuid);

create or replace function public.activity_form_options(p_region text, p_activity uuid,
  p_needs uuid[])
returns json language sql stable set search_path = '' as $$
  select json_build_object(
    'localities', coalesce((select json_agg(json_build_object('id', l.id, 'slug', l.slug, 'name', l.name) order by private.sort_key_pl(l.name))
      from public.localities l where l.region_id = rg.id), '[]'::json),
    'venues', coalesce((select json_agg(json_build_object('id', r.id, 'name', r.name, 'category', r.category,
        'address', r.address, 'capacity', r.capacity, 'step_free', r.step_free, 'status', r.status,
        'locality', (select l.name from public.localities l where l.id = r.locality_id)) order by private.sort_key_pl(r.name))
      from public.resources r where r.region_id = rg.id and r.status <> 'archived'), '[]'::json),
    'partners', coalesce((select json_agg(json_build_object('id', r.id, 'name', r.name, 'category', r.category) order by private.sort_key_pl(r.name))
      from public.resources r where r.region_id = rg.id and r.status <> 'archived'
        and private.is_partner_category(r.category)), '[]'::json),
    'needs', coalesce((select json_agg(json_build_object('id', n.id, 'ref', n.ref, 'title', n.title,
        'status', n.status, 'locality_id', n.locality_id) order by n.ref)
      from public.needs n where n.id in (
        select t.id from public.localities l cross join lateral (
          select x.id from public.needs x
          where x.locality_id = l.id
            and x.status in ('published', 'in_analysis', 'planned', 'in_progress', 'done')
            and x.hidden_at is null and x.status <> 'done'
          order by x.support_count desc, x.created_at, x.id
          limit 50) t
        where l.region_id = rg.id
        union all
        select t.id from (select x.id from public.needs x
          where x.region_id = rg.id and x.locality_id is null
            and x.status in ('published', 'in_analysis', 'planned', 'in_progress')
            and x.hidden_at is null
          order by x.support_count desc, x.created_at, x.id
          limit 50) t
        union all
        select t.id from (select x.id from public.needs x
          where x.region_id = rg.id and x.status = 'new'
          order by x.created_at desc, x.id
          limit 200) t
        union all
        select an.need_id from public.activity_needs an where an.activity_id = p_activity
        union all
        select x.id from public.needs x
        where x.id = any (coalesce(p_needs, '{}')) and x.region_id = rg.id
          and x.status in ('new', 'published', 'in_analysis', 'planned', 'in_progress'))), '[]'::json)
  )
  from public.regions rg where rg.slug = p_region
$$;

select private.grant_execute('authenticated, service_role',
  'public.activity_form_options(text,uuid,uuid[])');

comment on function public.activity_form_options(text,uuid,uuid[]) is 'Villages, venues, partners and the needs the activity form offers (bounded per village).';
