/**
 * The rules the schema relies on, each a query over pg_catalog that lists the objects breaking it
 * (one readable line per object, empty when the rule holds). The queries run with an empty
 * search_path, so names and policy text come back schema-qualified. Each rule carries a probe:
 * SQL that breaks it, run as the owner in a rolled-back transaction, and the line the query must
 * then report, so every rule is shown to be able to fail.
 */
export interface SchemaRule {
	title: string;
	sql: string;
	/** Lines the rule accepts after review; anything else it lists is a failure. */
	allowed?: string[];
	probe: { sql: string; finds: string };
}

/** `pg_depend` deptype 'e': the object belongs to an extension (PostGIS, pgcrypto …), not to us. */
const notFromExtension = (classId: string, oid: string) =>
	`not exists (select 1 from pg_depend d
	  where d.classid = '${classId}'::regclass and d.objid = ${oid} and d.deptype = 'e')`;

/** Schemas the project creates: `public` is exposed to the API, `private` is not. */
const OURS = `('public', 'private')`;

/** Calls whose value is the same for every row of a statement: evaluated once when wrapped. */
const ROW_INDEPENDENT_CALL = `(auth[.][a-z_]+|private[.]is_[a-z_]+)[(][)]`;

/**
 * The invoker-rights functions in `private` that anon and authenticated may execute: the policy
 * helpers (is_staff …) and the pure helpers the public functions call. They run with the caller's
 * rights, so RLS still applies. The SECURITY DEFINER ones are pinned in guarded-writes.spec.ts.
 */
const REVIEWED_PRIVATE_EXECUTE = [
	'private.activity_json(uuid)',
	'private.activity_serves(uuid,bigint,bigint[])',
	'private.answer_unless_refused(boolean,text,json)',
	'private.apply_official_areas(text,text,jsonb,text,boolean)',
	'private.area_counts(bigint[])',
	'private.area_id(text,bigint,text,text,text)',
	'private.check_filters(text,text,text,text)',
	'private.check_metres(text,integer,integer,integer)',
	'private.cluster_label(bigint)',
	'private.consultation_code()',
	'private.coverage_counts(text,text,integer)',
	'private.diagnosis_scope(text,text,text)',
	'private.diagnosis_totals(bigint[])',
	'private.feed_json(text,text,text,json)',
	'private.fold(text)',
	'private.geojson_collection(json)',
	'private.geojson_feature(extensions.geometry,json)',
	'private.geojson_geometry(extensions.geometry)',
	'private.geojson_page_box(double precision[],integer)',
	'private.is_admin()',
	'private.is_editor()',
	'private.is_partner_category(text)',
	'private.is_public_comment(timestamp with time zone,timestamp with time zone,uuid)',
	'private.is_public_need(text,timestamp with time zone)',
	'private.is_public_need_status(text)',
	'private.is_staff()',
	'private.local_month(timestamp with time zone)',
	'private.local_time(timestamp with time zone)',
	'private.locality_at(bigint,extensions.geometry)',
	'private.locality_solectwa(bigint)',
	'private.morton(integer,integer)',
	'private.morton_spread(integer)',
	'private.need_clusters(text,bigint[],boolean,integer,integer,integer)',
	'private.need_json(uuid)',
	'private.need_point(bigint,jsonb)',
	'private.need_transition_allowed(text,text)',
	'private.official_geometry(jsonb,integer)',
	'private.plan_achieved(bigint[],integer)',
	'private.plan_activity_ids(bigint[],integer)',
	'private.plan_needs_done(bigint[],integer)',
	'private.planning_localities(text,text,text)',
	'private.refuse_unless(boolean,text)',
	'private.region_id(text)',
	'private.resource_json(uuid)',
	'private.resources_from(text,extensions.geometry)',
	'private.set_need_note(text,boolean)',
	'private.slugify(text)',
	'private.sort_key_pl(text)',
	'private.svg_path(extensions.geometry,double precision,double precision,double precision)',
	'private.tile_code(integer,integer,integer)',
	'private.tile_envelope(integer,integer,integer)',
	'private.tile_key(extensions.geometry)',
	'private.village_fund_allocation(text,integer,text)',
	'private.valid_manual_figures(jsonb)'
];

/**
 * Predicates PostgreSQL must inline (RLS and the public queries call them once per row): a SQL
 * function is inlined only without a SET clause, so these two run without the empty search_path
 * and name no schema object in their bodies.
 */
const INLINED_PREDICATES = [
	'private.is_public_need(text,timestamp with time zone)',
	'private.is_public_need_status(text)'
];

export const schemaRules: SchemaRule[] = [
	{
		title: 'every table in public and private has row level security enabled',
		sql: `
			select format('%I.%I', n.nspname, c.relname) as line
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname in ${OURS} and c.relkind in ('r', 'p') and not c.relrowsecurity`,
		probe: {
			sql: 'create table public.zz_probe (id int primary key)',
			finds: 'public.zz_probe'
		}
	},
	{
		title: 'public exposes only tables and views that run with the caller’s rights',
		sql: `
			select format('%I.%I: %s', n.nspname, c.relname, case c.relkind
			  when 'v' then 'view without security_invoker'
			  when 'm' then 'materialized view (no RLS)'
			  else 'foreign table (no RLS)' end) as line
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and ${notFromExtension('pg_class', 'c.oid')}
			  and (c.relkind in ('m', 'f') or (c.relkind = 'v' and not exists (
			    select 1 from unnest(c.reloptions) o where o ~* '^security_invoker=(true|on|yes|1)$')))`,
		probe: {
			sql: 'create view public.zz_probe as select id from public.regions',
			finds: 'public.zz_probe: view without security_invoker'
		}
	},
	{
		title: 'SECURITY DEFINER functions live only in private',
		sql: `
			select p.oid::regprocedure::text as line
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			where p.prosecdef and n.nspname not in ('private', 'pg_catalog', 'information_schema')
			  and ${notFromExtension('pg_proc', 'p.oid')}`,
		probe: {
			sql: `create function public.zz_probe() returns int language sql security definer
			      set search_path = '' as 'select 1'`,
			finds: 'public.zz_probe()'
		}
	},
	{
		title: 'every function in public and private runs with an empty search_path',
		sql: `
			select p.oid::regprocedure::text as line
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			where n.nspname in ${OURS} and ${notFromExtension('pg_proc', 'p.oid')}
			  and not ('search_path=""' = any(coalesce(p.proconfig, '{}')))`,
		allowed: INLINED_PREDICATES,
		probe: {
			sql: `create function private.zz_probe() returns int language sql as 'select 1'`,
			finds: 'private.zz_probe()'
		}
	},
	{
		title: 'the inlined predicates stay inlinable: SQL, immutable, invoker, no SET clause',
		sql: `
			select p.oid::regprocedure::text as line
			from pg_proc p join pg_language l on l.oid = p.prolang
			where p.oid::regprocedure::text in (${INLINED_PREDICATES.map((f) => `'${f}'`).join(', ')})
			  and (l.lanname <> 'sql' or p.provolatile <> 'i' or p.prosecdef or p.proconfig is not null)`,
		probe: {
			sql: `alter function private.is_public_need_status(text) set search_path = ''`,
			finds: 'private.is_public_need_status(text)'
		}
	},
	{
		// Wrapped in a scalar subquery the call is evaluated once per statement, not once per row.
		// PostgreSQL deparses (select auth.uid()) as "( SELECT auth.uid() AS uid)".
		title: 'policies call auth.* and the private.is_*() helpers through (select …)',
		sql: `
			select format('%I.%I: %s', schemaname, tablename, policyname) as line
			from pg_policies
			where regexp_replace(coalesce(qual, '') || ' ' || coalesce(with_check, ''),
			        '[(] SELECT [(]*${ROW_INDEPENDENT_CALL}', '', 'g')
			      ~ '${ROW_INDEPENDENT_CALL}'`,
		probe: {
			sql: `create policy zz_probe on public.resources for select to authenticated
			      using (auth.uid() is not null and private.is_staff())`,
			finds: 'public.resources: zz_probe'
		}
	},
	{
		// Supabase lets a signed-in user edit their own user_metadata, so it may not decide access.
		title: 'no policy or function in public and private reads user_metadata',
		sql: `
			select format('%I.%I: %s', schemaname, tablename, policyname) as line
			from pg_policies
			where coalesce(qual, '') || ' ' || coalesce(with_check, '') like '%user_metadata%'
			union all
			select p.oid::regprocedure::text
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			where n.nspname in ${OURS} and p.prosrc like '%user_metadata%'`,
		probe: {
			sql: `create policy zz_probe on public.resources for select to authenticated
			      using (((select auth.jwt()) -> 'user_metadata' ->> 'role') = 'organizer')`,
			finds: 'public.resources: zz_probe'
		}
	},
	{
		title: 'anon and authenticated hold no privilege on tables and sequences in private',
		sql: `
			select format('%I.%I: %s %s', n.nspname, c.relname, r.role, pr.privilege) as line
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			cross join (values ('anon'), ('authenticated')) r(role)
			cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES',
			  'TRIGGER', 'USAGE']) pr(privilege)
			where n.nspname = 'private' and case
			  when c.relkind = 'S' then pr.privilege in ('SELECT', 'UPDATE', 'USAGE')
			    and has_sequence_privilege(r.role, c.oid, pr.privilege)
			  when c.relkind in ('r', 'p', 'v', 'm', 'f') then pr.privilege <> 'USAGE'
			    and (has_table_privilege(r.role, c.oid, pr.privilege)
			      or (pr.privilege in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
			        and has_any_column_privilege(r.role, c.oid, pr.privilege)))
			  else false end`,
		probe: {
			sql: `grant update (limits) on private.rate_rules to authenticated`,
			finds: 'private.rate_rules: authenticated UPDATE'
		}
	},
	{
		title: 'anon and authenticated execute only the reviewed invoker functions in private',
		sql: `
			select p.oid::regprocedure::text as line
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			where n.nspname = 'private' and not p.prosecdef
			  and (has_function_privilege('anon', p.oid, 'EXECUTE')
			    or has_function_privilege('authenticated', p.oid, 'EXECUTE'))`,
		allowed: REVIEWED_PRIVATE_EXECUTE,
		probe: {
			sql: `create function private.zz_probe() returns int language sql set search_path = ''
			      as 'select 1'; grant execute on function private.zz_probe() to anon`,
			finds: 'private.zz_probe()'
		}
	},
	{
		// Without such an index, deleting or re-keying a referenced row scans the whole table. A
		// partial index that only leaves out NULLs serves the same lookups (NULL references nothing).
		title: 'every foreign key’s columns lead some index on its table',
		sql: `
			select format('%s: %s (%s)', k.conrelid::regclass, k.conname, (
			  select string_agg(a.attname, ', ' order by a.attnum) from pg_attribute a
			  where a.attrelid = k.conrelid and a.attnum = any(k.conkey))) as line
			from pg_constraint k
			where k.contype = 'f' and k.connamespace::regnamespace::text in ${OURS}
			  and not exists (
			    select 1 from pg_index i
			    where i.indrelid = k.conrelid
			      and (i.indpred is null or pg_get_expr(i.indpred, i.indrelid) in (
			        select format('(%s IS NOT NULL)', quote_ident(a.attname)) from pg_attribute a
			        where a.attrelid = k.conrelid and a.attnum = any(k.conkey)))
			      and (select array_agg(col order by col) from unnest(i.indkey::int2[])
			             with ordinality as u(col, pos) where pos <= cardinality(k.conkey))
			        = (select array_agg(col order by col) from unnest(k.conkey) as col))`,
		probe: {
			sql: `create table public.zz_probe (id int primary key,
			      region_id bigint references public.regions (id))`,
			finds: 'public.zz_probe: zz_probe_region_id_fkey (region_id)'
		}
	},
	{
		title: 'no permissive write policy for anon or authenticated is simply true',
		sql: `
			select format('%I.%I: %s (%s)', schemaname, tablename, policyname, cmd) as line
			from pg_policies
			where permissive = 'PERMISSIVE' and cmd in ('INSERT', 'UPDATE', 'DELETE', 'ALL')
			  and roles && array['anon', 'authenticated', 'public']::name[]
			  and (btrim(coalesce(qual, '')) = 'true' or btrim(coalesce(with_check, '')) = 'true')`,
		probe: {
			sql: 'create policy zz_probe on public.resources for update to anon using (true)',
			finds: 'public.resources: zz_probe (UPDATE)'
		}
	},
	{
		// Permissive policies are OR-ed: a second one for the same role and action widens access
		// without its author seeing the first, and PostgreSQL evaluates both for every row.
		title: 'one permissive policy per table, role and action',
		sql: `
			with expanded as (
			  select p.schemaname, p.tablename, p.policyname, r.role, c.cmd
			  from pg_policies p
			  cross join lateral unnest(case when 'public' = any(p.roles)
			    then array['anon', 'authenticated']::name[] else p.roles end) as r(role)
			  cross join lateral unnest(case when p.cmd = 'ALL'
			    then array['SELECT', 'INSERT', 'UPDATE', 'DELETE'] else array[p.cmd] end) as c(cmd)
			  where p.permissive = 'PERMISSIVE')
			select format('%I.%I %s %s: %s', schemaname, tablename, role, cmd,
			  string_agg(policyname, ', ' order by policyname)) as line
			from expanded group by schemaname, tablename, role, cmd having count(*) > 1`,
		probe: {
			sql: `create policy zz_probe on public.resources for select to anon using (true)`,
			finds: 'public.resources anon SELECT: resources_read_anon, zz_probe'
		}
	},
	{
		title: 'every table in public has a primary key',
		sql: `
			select format('%I.%I', n.nspname, c.relname) as line
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind in ('r', 'p')
			  and not exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'p')`,
		probe: {
			sql: 'create table public.zz_probe (id int)',
			finds: 'public.zz_probe'
		}
	},
	{
		title: 'no two indexes on a table are the same',
		sql: `
			select format('%s: %s', i.indrelid::regclass,
			  string_agg(i.indexrelid::regclass::text, ' = ' order by i.indexrelid::regclass::text)) as line
			from pg_index i join pg_class c on c.oid = i.indrelid
			where c.relnamespace::regnamespace::text in ${OURS}
			group by i.indrelid, i.indkey::text, i.indclass::text, i.indcollation::text,
			  i.indoption::text, pg_get_expr(i.indexprs, i.indrelid), pg_get_expr(i.indpred, i.indrelid)
			having count(*) > 1`,
		probe: {
			sql: 'create index zz_probe on public.regions (slug)',
			finds: 'public.regions: public.regions_slug_key = public.zz_probe'
		}
	},
	{
		// A reader of supabase/schema.sql (or of \d+ in psql) learns what each object is for.
		title: 'every table and function in public and private says what it is for (comment on)',
		sql: `
			select format('table %s', c.oid::regclass) as line
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname in ${OURS} and c.relkind in ('r', 'p')
			  and coalesce(obj_description(c.oid, 'pg_class'), '') = ''
			union all
			select format('function %s', p.oid::regprocedure)
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			where n.nspname in ${OURS} and ${notFromExtension('pg_proc', 'p.oid')}
			  and coalesce(obj_description(p.oid, 'pg_proc'), '') = ''`,
		probe: {
			sql: `create table public.zz_probe (id int primary key);
			      create function private.zz_probe() returns int language sql set search_path = ''
			      as 'select 1'`,
			finds: 'function private.zz_probe()'
		}
	},
	{
		// Objects in public are exposed through the API; extensions live in their own schema.
		title: 'no extension is installed in public',
		sql: `
			select e.extname::text as line from pg_extension e
			where e.extnamespace = 'public'::regnamespace`,
		probe: {
			sql: 'alter extension pg_trgm set schema public',
			finds: 'pg_trgm'
		}
	}
];
