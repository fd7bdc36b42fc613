import type { OwnerTx } from './types.ts';

/**
 * The schema of a migrated database as one reviewable text (supabase/schema.sql): extensions,
 * then every table, sequence and function of the schemas the project creates, each in its final
 * form. Read from the catalogue, in a stable order and without volatile details (owners,
 * grantors, OIDs, extension versions), so the same migrations always give the same text and a
 * change to them shows up as a readable diff. PostgreSQL deparses expressions in its own words
 * (the text of a migration is not kept), so the file is generated from one backend: PGlite.
 *
 * A function is described by its interface (arguments, result, language, volatility, security,
 * settings, comment and grants) and the migration file that holds its body, which is not
 * restated: each body is written once, in supabase/migrations.
 */

const SCHEMAS = `('public', 'private')`;

/** The object does not belong to an extension (pg_depend deptype 'e'). */
const notFromExtension = (classId: string, oid: string) =>
	`not exists (select 1 from pg_catalog.pg_depend d
	  where d.classid = '${classId}'::regclass and d.objid = ${oid} and d.deptype = 'e')`;

const EXTENSIONS = `
	select format('create extension %I with schema %I;', e.extname, n.nspname) as line
	from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace
	where e.extname <> 'plpgsql'
	order by e.extname`;

const TABLES = `
	select c.oid::bigint as oid, c.oid::regclass::text as name, c.relrowsecurity as rls,
	  obj_description(c.oid, 'pg_class') as comment
	from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
	where n.nspname in ${SCHEMAS} and c.relkind in ('r', 'p', 'v', 'm')
	  and ${notFromExtension('pg_class', 'c.oid')}
	order by n.nspname, c.relname`;

const COLUMNS = `
	select a.attname as name, pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
	  a.attnotnull as not_null, a.attidentity as identity, a.attgenerated as generated,
	  pg_catalog.pg_get_expr(d.adbin, d.adrelid) as expr,
	  col_description(a.attrelid, a.attnum) as comment
	from pg_catalog.pg_attribute a
	left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
	where a.attrelid = $1::bigint::oid and a.attnum > 0 and not a.attisdropped
	order by a.attnum`;

// Not-null constraints (PostgreSQL 18 lists them) are stated with their columns.
const CONSTRAINTS = `
	select format('constraint %I %s', k.conname, pg_catalog.pg_get_constraintdef(k.oid)) as line
	from pg_catalog.pg_constraint k
	where k.conrelid = $1::bigint::oid and k.contype <> 'n'
	order by array_position(array['p', 'u', 'f', 'c', 'x', 't'], k.contype::text), k.conname`;

// Indexes that back a constraint are already stated by it.
const INDEXES = `
	select pg_catalog.pg_get_indexdef(i.indexrelid) || ';' as line
	from pg_catalog.pg_index i join pg_catalog.pg_class c on c.oid = i.indexrelid
	where i.indrelid = $1::bigint::oid
	  and not exists (select 1 from pg_catalog.pg_constraint k where k.conindid = i.indexrelid)
	order by c.relname`;

const POLICIES = `
	select format('create policy %I on %s as %s for %s to %s%s%s;', p.polname, p.polrelid::regclass,
	  case when p.polpermissive then 'permissive' else 'restrictive' end,
	  case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update'
	    when 'd' then 'delete' else 'all' end,
	  (select string_agg(case when r = 0 then 'public' else r::regrole::text end, ', '
	     order by case when r = 0 then 'public' else r::regrole::text end)
	   from unnest(p.polroles) as r),
	  ' using (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')',
	  ' with check (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')') as line
	from pg_catalog.pg_policy p where p.polrelid = $1::bigint::oid
	order by p.polname`;

const TRIGGERS = `
	select pg_catalog.pg_get_triggerdef(t.oid) || ';' as line
	from pg_catalog.pg_trigger t where t.tgrelid = $1::bigint::oid and not t.tgisinternal
	order by t.tgname`;

/** Privileges of the API roles (the owner's own are implied), table-wide and per column. */
const TABLE_GRANTS = `
	with acl as (
	  select null::smallint as attnum, null::name as col, x.grantee, x.privilege_type
	  from pg_catalog.pg_class c cross join aclexplode(c.relacl) x
	  where c.oid = $1::bigint::oid
	  union all
	  select a.attnum, a.attname, x.grantee, x.privilege_type
	  from pg_catalog.pg_attribute a cross join aclexplode(a.attacl) x
	  where a.attrelid = $1::bigint::oid and a.attnum > 0 and not a.attisdropped
	), named as (
	  select acl.*, case when acl.grantee = 0 then 'public' else acl.grantee::regrole::text end as role
	  from acl
	), privileges as (
	  select named.role, lower(named.privilege_type)
	    || coalesce(' (' || string_agg(quote_ident(named.col), ', ' order by named.attnum) || ')', '')
	    as privilege
	  from named where named.role in ('public', 'anon', 'authenticated', 'service_role')
	  group by named.role, named.privilege_type, named.attnum is null
	)
	select format('grant %s on %s to %s;', string_agg(p.privilege, ', ' order by p.privilege),
	  $1::bigint::oid::regclass, p.role) as line
	from privileges p group by p.role order by p.role`;

const SEQUENCES = `
	select format('create sequence %s;', c.oid::regclass) as line
	from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
	where n.nspname in ${SCHEMAS} and c.relkind = 'S'
	  and not exists (select 1 from pg_catalog.pg_depend d
	    where d.objid = c.oid and d.classid = 'pg_class'::regclass and d.deptype in ('a', 'i'))
	order by 1`;

const FUNCTIONS = `
	select n.nspname as schema, p.proname as name, p.oid::regprocedure::text as signature,
	  case p.prokind when 'p' then 'procedure' else 'function' end as kind,
	  pg_catalog.pg_get_function_arguments(p.oid) as arguments,
	  pg_catalog.pg_get_function_result(p.oid) as result,
	  concat_ws(' ', 'language ' || l.lanname,
	    case p.provolatile when 'i' then 'immutable' when 's' then 'stable' else 'volatile' end,
	    case when p.proisstrict then 'strict' end,
	    case when p.proleakproof then 'leakproof' end,
	    case p.proparallel when 's' then 'parallel safe' when 'r' then 'parallel restricted' end,
	    case when p.prosecdef then 'security definer' else 'security invoker' end) as attributes,
	  (select string_agg(format('set %s = %s', split_part(c, '=', 1),
	       case when substr(c, strpos(c, '=') + 1) = '""' then ''''''
	         else substr(c, strpos(c, '=') + 1) end), ' ' order by c)
	   from unnest(p.proconfig) as c) as settings,
	  obj_description(p.oid, 'pg_proc') as comment,
	  p.proacl is null as default_acl,
	  (select string_agg(case when x.grantee = 0 then 'public' else x.grantee::regrole::text end, ', '
	     order by case when x.grantee = 0 then 'public' else x.grantee::regrole::text end)
	   from aclexplode(p.proacl) x
	   where x.grantee = 0 or x.grantee::regrole::text in ('anon', 'authenticated', 'service_role'))
	    as executors
	from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
	join pg_catalog.pg_language l on l.oid = p.prolang
	where n.nspname in ${SCHEMAS} and ${notFromExtension('pg_proc', 'p.oid')}
	order by n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)`;

/** A migration file, by name and text (see SqlFile in migrate.ts). */
type Migration = { name: string; sql: string };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The last migration (in file order, the order they run in) that creates or replaces the
 * function: its body is the one the database holds. Overloads share a name, so a name written in
 * two files names the later one.
 */
function definingFile(migrations: Migration[], schema: string, name: string): string {
	const pattern = new RegExp(
		`create\\s+(?:or\\s+replace\\s+)?(?:function|procedure)\\s+"?${escapeRegExp(schema)}"?\\."?${escapeRegExp(name)}"?\\s*\\(`,
		'i'
	);
	const file = migrations.findLast((m) => pattern.test(m.sql));
	if (!file) throw new Error(`No migration in supabase/migrations creates ${schema}.${name}.`);
	return `supabase/migrations/${file.name}`;
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

type Line = { line: string };

/**
 * The whole text; run it as the owner with an empty search_path, so every name is qualified.
 * `migrations` are the files the database was migrated with, searched for each function's body.
 */
export async function describeSchema(tx: OwnerTx, migrations: Migration[]): Promise<string> {
	await tx.query("select set_config('search_path', '', true)");
	const lines = async (sql: string, params: unknown[] = []) =>
		(await tx.query<Line>(sql, params)).map((r) => r.line);
	const out: string[] = [
		'-- The schema of a database migrated with supabase/migrations, read from the catalogue of an',
		'-- embedded PGlite database. Generated by `npm run db:schema`: do not edit by hand.',
		'-- Tables are stated in full: columns, constraints, indexes, policies, triggers and grants. A',
		'-- function is stated by its interface (arguments, result, language, volatility, security,',
		'-- settings, comment and grants) and the migration that defines it: its body is written there only.',
		'',
		...(await lines(EXTENSIONS)),
		'',
		...(await lines(SEQUENCES))
	];

	const tables = await tx.query<{
		oid: string;
		name: string;
		rls: boolean;
		comment: string | null;
	}>(TABLES);
	for (const t of tables) {
		const columns = await tx.query<{
			name: string;
			type: string;
			not_null: boolean;
			identity: string;
			generated: string;
			expr: string | null;
			comment: string | null;
		}>(COLUMNS, [t.oid]);
		const body = [
			...columns.map((c) => {
				const extra =
					c.identity === 'a'
						? ' generated always as identity'
						: c.identity === 'd'
							? ' generated by default as identity'
							: c.generated === 's'
								? ` generated always as (${c.expr}) stored`
								: c.expr !== null
									? ` default ${c.expr}`
									: '';
				return `  ${c.name} ${c.type}${extra}${c.not_null ? ' not null' : ''}`;
			}),
			...(await lines(CONSTRAINTS, [t.oid])).map((l) => `  ${l}`)
		];
		out.push('', `create table ${t.name} (`, body.join(',\n'), ');');
		if (t.comment !== null) out.push(`comment on table ${t.name} is ${literal(t.comment)};`);
		for (const c of columns)
			if (c.comment !== null)
				out.push(`comment on column ${t.name}.${c.name} is ${literal(c.comment)};`);
		if (t.rls) out.push(`alter table ${t.name} enable row level security;`);
		for (const sql of [INDEXES, POLICIES, TRIGGERS, TABLE_GRANTS])
			out.push(...(await lines(sql, [t.oid])));
	}

	const ordered = migrations.toSorted((a, b) => a.name.localeCompare(b.name));
	const functions = await tx.query<{
		schema: string;
		name: string;
		signature: string;
		kind: string;
		arguments: string;
		result: string | null;
		attributes: string;
		settings: string | null;
		comment: string | null;
		default_acl: boolean;
		executors: string | null;
	}>(FUNCTIONS);
	for (const f of functions) {
		out.push(
			'',
			`-- ${f.kind} ${f.schema}.${f.name}(${f.arguments})${f.result === null ? '' : ` returns ${f.result}`}`,
			`--   ${f.attributes}${f.settings === null ? '' : ` ${f.settings}`}`,
			`--   defined in ${definingFile(ordered, f.schema, f.name)}`
		);
		if (f.comment !== null)
			out.push(`comment on ${f.kind} ${f.signature} is ${literal(f.comment)};`);
		if (!f.default_acl) {
			out.push(`revoke all on ${f.kind} ${f.signature} from public;`);
			if (f.executors) out.push(`grant execute on ${f.kind} ${f.signature} to ${f.executors};`);
		}
	}
	return `${out.join('\n')}\n`;
}
