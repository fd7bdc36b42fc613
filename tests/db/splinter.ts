/**
 * Supabase's database linter (splinter) as plain SELECTs, for plain PostgreSQL 15 and PGlite.
 *
 * Source: github.com/supabase/splinter, `lints/NNNN_<name>.sql`, Apache-2.0. The stored history
 * of that repo is patchy, so each lint is ported from the newest text found; `source` names the file:
 *   - most lints: commit 0f5042e707f7a0dc377d2a7d9d4b8c8c0f87eb61 / 4818ede31d8150b4d40f81e15b3835e08401fe79
 *     (0008, 0009, 0011, 0023, 0024, 0026-0029), 245e3085 (0030_rls_policy_null_auth_disjunct),
 *     11d5c626 (0030_invalid_index), 1af6467a (0030_autovacuum_disabled),
 *     fdefe941 (0031_unused_replication_slot), 2bb42c27 (0025_pg17_deprecated_extensions);
 *   - the newer revisions that default `pgrst.db_schemas` to 'public' and gate 0028/0029 on the
 *     exposed schemas (0002, 0007, 0010, 0013, 0025_public_bucket, 0028, 0029, 0031_policy_without_privilege)
 *     and 0001/0003/0006/0015-0018/0022 as compiled into Studio (supabase/supabase, "Pulled from
 *     splinter.sql") were taken from verbatim vendored copies, because the indexed repo lags.
 *
 * Adapted, and only this:
 *   - no `create view lint."…"` wrapper, no trailing `;`: each `sql` is one SELECT, so it can be
 *     wrapped (`select * from (<sql>) l`) or unioned. Columns are splinter's: name, title, level,
 *     facing, categories, description, detail, remediation, metadata, cache_key.
 *   - exposed API schemas: `pgrst.db_schemas` exists only on the platform; when it is unset or empty
 *     we use 'public, graphql_public' (Supabase's default; upstream falls back to 'public', same
 *     result because graphql_public is in every exclusion list). `nullif(…, '')` because a custom
 *     GUC that was once SET LOCAL reads back as '' rather than NULL.
 *   - nothing else: lints reach auth.users, storage, pgmq, pg_graphql only through the catalogs, so
 *     they return no rows where those objects are missing instead of failing.
 *
 * Preconditions, as on Supabase: roles `anon` and `authenticated` exist (has_*_privilege raises
 * otherwise), and `auth` is not on search_path (0003/0015/0030 match deparsed policy text such as
 * 'auth.uid()'; splinter runs with `set local search_path = ''`). Privilege-gated lints (0010, 0013,
 * 0016, 0017, 0023, 0028, 0029) only see what anon/authenticated were granted, so a local database
 * must carry Supabase's default grants to be representative.
 *
 * Not ported, because they cannot apply outside the hosted platform:
 *   - 0011/0012_auth_allow_anonymous_sign_ins: reads GoTrue config, not the database (no SQL view).
 *   - 0020_table_bloat: estimate from ANALYZE stats, fires only above ~20 MB of waste; meaningless
 *     on a freshly migrated database (splinter excludes it from its own regression tests).
 *   - 0024_permissive_rls_policy: the earlier name of 0024_rls_policy_always_true (same remediation
 *     URL); it also flagged SELECT `using (true)`, which the successor deliberately stopped doing.
 *   - Dashboard-only advisors (leaked-password protection, OTP expiry, MFA, Postgres version) are
 *     not splinter lints at all.
 *
 * Numbering is upstream's, duplicates included (0025, 0030, 0031 were each used twice).
 */

export interface Lint {
	name: string;
	level: 'ERROR' | 'WARN' | 'INFO';
	sql: string;
	/** splinter file name */
	source: string;
}

/**
 * Schemas holding the project's own objects. Splinter already skips its list of platform and
 * extension schemas (including `extensions`, where PostGIS and pg_trgm live) and objects owned by an
 * extension (pg_depend deptype 'e'). Lints that do not skip them and can report extension objects:
 * 0014/0022/0025_pg17 (about extensions themselves: expected to be empty when extensions live in
 * `extensions` at their default version), 0018 (reg* columns anywhere but pg_catalog), 0021, and
 * 0031_unused_replication_slot (cluster-wide). Filter on `metadata->>'schema'` where needed.
 */
export const OWN_SCHEMAS = ['public'];

// Keeps raw backslashes (regexes, E'\n') and turns splinter's \` into a plain backtick.
function sql(strings: TemplateStringsArray, ...values: string[]): string {
	const raw = strings.raw.map((s) => s.replaceAll('\\`', '`'));
	return String.raw({ raw }, ...values).trim();
}

// Splinter's exclusion list (newest revision).
const SYSTEM_SCHEMAS = `'_timescaledb_cache', '_timescaledb_catalog', '_timescaledb_config', '_timescaledb_internal', 'auth', 'cron', 'extensions', 'graphql', 'graphql_public', 'information_schema', 'net', 'pgmq', 'pgroonga', 'pgsodium', 'pgsodium_masks', 'pgtle', 'pgbouncer', 'pg_catalog', 'realtime', 'repack', 'storage', 'supabase_functions', 'supabase_migrations', 'tiger', 'topology', 'vault'`;

// 0003 leaves out `realtime` on purpose (it lints realtime.messages policies).
const SYSTEM_SCHEMAS_BUT_REALTIME = SYSTEM_SCHEMAS.replace(`'realtime', `, '');

// Upstream: current_setting('pgrst.db_schemas', 't'); see the header for the fallback.
const EXPOSED_SCHEMAS = `array(select trim(unnest(string_to_array(coalesce(nullif(current_setting('pgrst.db_schemas', 't'), ''), 'public, graphql_public'), ','))))`;

const SECURITY_INVOKER_OPTIONS = `array[
            'security_invoker=1',
            'security_invoker=true',
            'security_invoker=yes',
            'security_invoker=on'
        ]`;

export const lints: Lint[] = [
	{
		name: 'unindexed_foreign_keys',
		level: 'INFO',
		source: '0001_unindexed_foreign_keys.sql',
		sql: sql`
with foreign_keys as (
    select
        cl.relnamespace::regnamespace::text as schema_name,
        cl.relname as table_name,
        cl.oid as table_oid,
        ct.conname as fkey_name,
        ct.conkey as col_attnums
    from
        pg_catalog.pg_constraint ct
        join pg_catalog.pg_class cl -- fkey owning table
            on ct.conrelid = cl.oid
        left join pg_catalog.pg_depend d
            on d.objid = cl.oid
            and d.deptype = 'e'
    where
        ct.contype = 'f' -- foreign key constraints
        and d.objid is null -- exclude tables that are dependencies of extensions
        and cl.relnamespace::regnamespace::text not in (
            'pg_catalog', 'information_schema', 'auth', 'storage', 'vault', 'extensions'
        )
),
index_ as (
    select
        pi.indrelid as table_oid,
        indexrelid::regclass as index_,
        string_to_array(indkey::text, ' ')::smallint[] as col_attnums
    from
        pg_catalog.pg_index pi
    where
        indisvalid
)
select
    'unindexed_foreign_keys' as name,
    'Unindexed foreign keys' as title,
    'INFO' as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Identifies foreign key constraints without a covering index, which can impact database performance.' as description,
    format(
        'Table \`%s.%s\` has a foreign key \`%s\` without a covering index. This can lead to suboptimal query performance.',
        fk.schema_name,
        fk.table_name,
        fk.fkey_name
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0001_unindexed_foreign_keys' as remediation,
    jsonb_build_object(
        'schema', fk.schema_name,
        'name', fk.table_name,
        'type', 'table',
        'fkey_name', fk.fkey_name,
        'fkey_columns', fk.col_attnums
    ) as metadata,
    format('unindexed_foreign_keys_%s_%s_%s', fk.schema_name, fk.table_name, fk.fkey_name) as cache_key
from
    foreign_keys fk
    left join index_ idx
        on fk.table_oid = idx.table_oid
        and fk.col_attnums = idx.col_attnums[1:array_length(fk.col_attnums, 1)]
    left join pg_catalog.pg_depend dep
        on idx.table_oid = dep.objid
        and dep.deptype = 'e'
where
    idx.index_ is null
    and fk.schema_name not in (
        ${SYSTEM_SCHEMAS}
    )
    and dep.objid is null -- exclude tables owned by extensions
order by
    fk.schema_name,
    fk.table_name,
    fk.fkey_name
`
	},
	{
		name: 'auth_users_exposed',
		level: 'ERROR',
		source: '0002_auth_users_exposed.sql',
		sql: sql`
select
    'auth_users_exposed' as name,
    'Exposed Auth Users' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects if auth.users is exposed to anon or authenticated roles via a view or materialized view in schemas exposed to PostgREST, potentially compromising user data security.' as description,
    format(
        'View/Materialized View "%s" in the public schema may expose \`auth.users\` data to anon or authenticated roles.',
        c.relname
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0002_auth_users_exposed' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'view',
        'exposed_to', array_remove(array_agg(DISTINCT case when pg_catalog.has_table_privilege('anon', c.oid, 'SELECT') then 'anon' when pg_catalog.has_table_privilege('authenticated', c.oid, 'SELECT') then 'authenticated' end), null)
    ) as metadata,
    format('auth_users_exposed_%s_%s', n.nspname, c.relname) as cache_key
from
    -- Identify the oid for auth.users
    pg_catalog.pg_class auth_users_pg_class
    join pg_catalog.pg_namespace auth_users_pg_namespace
        on auth_users_pg_class.relnamespace = auth_users_pg_namespace.oid
        and auth_users_pg_class.relname = 'users'
        and auth_users_pg_namespace.nspname = 'auth'
    -- Depends on auth.users
    join pg_catalog.pg_depend d
        on d.refobjid = auth_users_pg_class.oid
    join pg_catalog.pg_rewrite r
        on r.oid = d.objid
    join pg_catalog.pg_class c
        on c.oid = r.ev_class
    join pg_catalog.pg_namespace n
        on n.oid = c.relnamespace
    join pg_catalog.pg_class pg_class_auth_users
        on d.refobjid = pg_class_auth_users.oid
where
    d.deptype = 'n'
    and (
      pg_catalog.has_table_privilege('anon', c.oid, 'SELECT')
      or pg_catalog.has_table_privilege('authenticated', c.oid, 'SELECT')
    )
    and n.nspname = any(${EXPOSED_SCHEMAS})
    -- Exclude self
    and c.relname <> '0002_auth_users_exposed'
    -- There are 3 insecure configurations
    and
    (
        -- Materialized views don't support RLS so this is insecure by default
        (c.relkind in ('m')) -- m for materialized view
        or
        -- Standard View, accessible to anon or authenticated that is security_definer
        (
            c.relkind = 'v' -- v for view
            -- Exclude security invoker views
            and not (
                lower(coalesce(c.reloptions::text,'{}'))::text[]
                && ${SECURITY_INVOKER_OPTIONS}
            )
        )
        or
        -- Standard View, security invoker, but no RLS enabled on auth.users
        (
            c.relkind in ('v') -- v for view
            -- is security invoker
            and (
                lower(coalesce(c.reloptions::text,'{}'))::text[]
                && ${SECURITY_INVOKER_OPTIONS}
            )
            and not pg_class_auth_users.relrowsecurity
        )
    )
group by
    n.nspname,
    c.relname,
    c.oid
`
	},
	{
		name: 'auth_rls_initplan',
		level: 'WARN',
		source: '0003_auth_rls_initplan.sql',
		sql: sql`
with policies as (
    select
        nsp.nspname as schema_name,
        pb.tablename as table_name,
        pc.relrowsecurity as is_rls_active,
        polname as policy_name,
        polpermissive as is_permissive, -- if not, then restrictive
        (select array_agg(r::regrole) from unnest(polroles) as x(r)) as roles,
        case polcmd
            when 'r' then 'SELECT'
            when 'a' then 'INSERT'
            when 'w' then 'UPDATE'
            when 'd' then 'DELETE'
            when '*' then 'ALL'
        end as command,
        qual,
        with_check
    from
        pg_catalog.pg_policy pa
        join pg_catalog.pg_class pc
            on pa.polrelid = pc.oid
        join pg_catalog.pg_namespace nsp
            on pc.relnamespace = nsp.oid
        join pg_catalog.pg_policies pb
            on pc.relname = pb.tablename
            and nsp.nspname = pb.schemaname
            and pa.polname = pb.policyname
)
select
    'auth_rls_initplan' as name,
    'Auth RLS Initialization Plan' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Detects if calls to \`current_setting()\` and \`auth.<function>()\` in RLS policies are being unnecessarily re-evaluated for each row' as description,
    format(
        'Table \`%s.%s\` has a row level security policy \`%s\` that re-evaluates current_setting() or auth.<function>() for each row. This produces suboptimal query performance at scale. Resolve the issue by replacing \`auth.<function>()\` with \`(select auth.<function>())\`. See [docs](https://supabase.com/docs/guides/database/postgres/row-level-security#call-functions-with-select) for more info.',
        schema_name,
        table_name,
        policy_name
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0003_auth_rls_initplan' as remediation,
    jsonb_build_object(
        'schema', schema_name,
        'name', table_name,
        'type', 'table'
    ) as metadata,
    format('auth_rls_init_plan_%s_%s_%s', schema_name, table_name, policy_name) as cache_key
from
    policies
where
    is_rls_active
    -- NOTE: does not include realtime in support of monitoring policies on realtime.messages
    and schema_name not in (
        ${SYSTEM_SCHEMAS_BUT_REALTIME}
    )
    and (
        -- Example: auth.uid()
        (
            qual like '%auth.uid()%'
            and lower(qual) not like '%select auth.uid()%'
        )
        or (
            qual like '%auth.jwt()%'
            and lower(qual) not like '%select auth.jwt()%'
        )
        or (
            qual like '%auth.role()%'
            and lower(qual) not like '%select auth.role()%'
        )
        or (
            qual like '%auth.email()%'
            and lower(qual) not like '%select auth.email()%'
        )
        or (
            qual like '%current\_setting(%)%'
            and lower(qual) not like '%select current\_setting(%)%'
        )
        or (
            with_check like '%auth.uid()%'
            and lower(with_check) not like '%select auth.uid()%'
        )
        or (
            with_check like '%auth.jwt()%'
            and lower(with_check) not like '%select auth.jwt()%'
        )
        or (
            with_check like '%auth.role()%'
            and lower(with_check) not like '%select auth.role()%'
        )
        or (
            with_check like '%auth.email()%'
            and lower(with_check) not like '%select auth.email()%'
        )
        or (
            with_check like '%current\_setting(%)%'
            and lower(with_check) not like '%select current\_setting(%)%'
        )
    )
`
	},
	{
		name: 'no_primary_key',
		level: 'INFO',
		source: '0004_no_primary_key.sql',
		sql: sql`
select
    'no_primary_key' as name,
    'No Primary Key' as title,
    'INFO' as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Detects if a table does not have a primary key. Tables without a primary key can be inefficient to interact with at scale.' as description,
    format(
        'Table \`%s.%s\` does not have a primary key',
        pgns.nspname,
        pgc.relname
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0004_no_primary_key' as remediation,
     jsonb_build_object(
        'schema', pgns.nspname,
        'name', pgc.relname,
        'type', 'table'
    ) as metadata,
    format(
        'no_primary_key_%s_%s',
        pgns.nspname,
        pgc.relname
    ) as cache_key
from
    pg_catalog.pg_class pgc
    join pg_catalog.pg_namespace pgns
        on pgns.oid = pgc.relnamespace
    left join pg_catalog.pg_index pgi
        on pgi.indrelid = pgc.oid
    left join pg_catalog.pg_depend dep
        on pgc.oid = dep.objid
        and dep.deptype = 'e'
where
    pgc.relkind = 'r' -- regular tables
    and pgns.nspname not in (
        ${SYSTEM_SCHEMAS}
    )
    and dep.objid is null -- exclude tables owned by extensions
group by
    pgc.oid,
    pgns.nspname,
    pgc.relname
having
    max(coalesce(pgi.indisprimary, false)::int) = 0
`
	},
	{
		// Reads idx_scan: on a fresh database every non-unique index is "unused" (INFO only).
		name: 'unused_index',
		level: 'INFO',
		source: '0005_unused_index.sql',
		sql: sql`
select
    'unused_index' as name,
    'Unused Index' as title,
    'INFO' as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Detects if an index has never been used and may be a candidate for removal.' as description,
    format(
        'Index \`%s\` on table \`%s.%s\` has not been used',
        psui.indexrelname,
        psui.schemaname,
        psui.relname
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0005_unused_index' as remediation,
    jsonb_build_object(
        'schema', psui.schemaname,
        'name', psui.relname,
        'type', 'table'
    ) as metadata,
    format(
        'unused_index_%s_%s_%s',
        psui.schemaname,
        psui.relname,
        psui.indexrelname
    ) as cache_key
from
    pg_catalog.pg_stat_user_indexes psui
    join pg_catalog.pg_index pi
        on psui.indexrelid = pi.indexrelid
    left join pg_catalog.pg_depend dep
        on psui.relid = dep.objid
        and dep.deptype = 'e'
where
    psui.idx_scan = 0
    and not pi.indisunique
    and not pi.indisprimary
    and dep.objid is null -- exclude tables owned by extensions
    and psui.schemaname not in (
        ${SYSTEM_SCHEMAS}
    )
`
	},
	{
		name: 'multiple_permissive_policies',
		level: 'WARN',
		source: '0006_multiple_permissive_policies.sql',
		sql: sql`
select
    'multiple_permissive_policies' as name,
    'Multiple Permissive Policies' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Detects if multiple permissive row level security policies are present on a table for the same \`role\` and \`action\` (e.g. insert). Multiple permissive policies are suboptimal for performance as each policy must be executed for every relevant query.' as description,
    format(
        'Table \`%s.%s\` has multiple permissive policies for role \`%s\` for action \`%s\`. Policies include \`%s\`',
        n.nspname,
        c.relname,
        r.rolname,
        act.cmd,
        array_agg(p.polname order by p.polname)
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0006_multiple_permissive_policies' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table'
    ) as metadata,
    format(
        'multiple_permissive_policies_%s_%s_%s_%s',
        n.nspname,
        c.relname,
        r.rolname,
        act.cmd
    ) as cache_key
from
    pg_catalog.pg_policy p
    join pg_catalog.pg_class c
        on p.polrelid = c.oid
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    join pg_catalog.pg_roles r
        on p.polroles @> array[r.oid]
        or p.polroles = array[0::oid]
    left join pg_catalog.pg_depend dep
        on c.oid = dep.objid
        and dep.deptype = 'e',
    lateral (
        select x.cmd
        from unnest((
            select
                case p.polcmd
                    when 'r' then array['SELECT']
                    when 'a' then array['INSERT']
                    when 'w' then array['UPDATE']
                    when 'd' then array['DELETE']
                    when '*' then array['SELECT', 'INSERT', 'UPDATE', 'DELETE']
                    else array['ERROR']
                end as actions
        )) x(cmd)
    ) act(cmd)
where
    c.relkind = 'r' -- regular tables
    and p.polpermissive -- policy is permissive
    and n.nspname not in (
        ${SYSTEM_SCHEMAS}
    )
    and r.rolname not like 'pg_%'
    and r.rolname not like 'supabase%admin'
    and not r.rolbypassrls
    and dep.objid is null -- exclude tables owned by extensions
group by
    n.nspname,
    c.relname,
    r.rolname,
    act.cmd
having
    count(1) > 1
`
	},
	{
		name: 'policy_exists_rls_disabled',
		level: 'ERROR',
		source: '0007_policy_exists_rls_disabled.sql',
		sql: sql`
select
    'policy_exists_rls_disabled' as name,
    'Policy Exists RLS Disabled' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects cases where row level security (RLS) policies have been created, but RLS has not been enabled for the underlying table.' as description,
    format(
        'Table \`%s.%s\` has RLS policies but RLS is not enabled on the table. Policies include %s.',
        n.nspname,
        c.relname,
        array_agg(p.polname order by p.polname)
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0007_policy_exists_rls_disabled' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table'
    ) as metadata,
    format(
        'policy_exists_rls_disabled_%s_%s',
        n.nspname,
        c.relname
    ) as cache_key
from
    pg_catalog.pg_policy p
    join pg_catalog.pg_class c
        on p.polrelid = c.oid
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    left join pg_catalog.pg_depend dep
        on c.oid = dep.objid
        and dep.deptype = 'e'
        and dep.classid = 'pg_catalog.pg_class'::regclass
where
    c.relkind = 'r' -- regular tables
    and n.nspname not in (
        ${SYSTEM_SCHEMAS}
    )
    -- RLS is disabled
    and not c.relrowsecurity
    and dep.objid is null -- exclude tables owned by extensions
group by
    n.nspname,
    c.relname
`
	},
	{
		name: 'rls_enabled_no_policy',
		level: 'INFO',
		source: '0008_rls_enabled_no_policy.sql',
		sql: sql`
select
    'rls_enabled_no_policy' as name,
    'RLS Enabled No Policy' as title,
    'INFO' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects cases where row level security (RLS) has been enabled on a table but no RLS policies have been created.' as description,
    format(
        'Table \`%s.%s\` has RLS enabled, but no policies exist',
        n.nspname,
        c.relname
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0008_rls_enabled_no_policy' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table'
    ) as metadata,
    format(
        'rls_enabled_no_policy_%s_%s',
        n.nspname,
        c.relname
    ) as cache_key
from
    pg_catalog.pg_class c
    left join pg_catalog.pg_policy p
        on p.polrelid = c.oid
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    left join pg_catalog.pg_depend dep
        on c.oid = dep.objid
        and dep.deptype = 'e'
        and dep.classid = 'pg_catalog.pg_class'::regclass
where
    c.relkind = 'r' -- regular tables
    and n.nspname not in (
        ${SYSTEM_SCHEMAS}
    )
    -- RLS is enabled
    and c.relrowsecurity
    and p.polname is null
    and dep.objid is null -- exclude tables owned by extensions
group by
    n.nspname,
    c.relname
`
	},
	{
		name: 'duplicate_index',
		level: 'WARN',
		source: '0009_duplicate_index.sql',
		sql: sql`
select
    'duplicate_index' as name,
    'Duplicate Index' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Detects cases where two ore more identical indexes exist.' as description,
    format(
        'Table \`%s.%s\` has identical indexes %s. Drop all except one of them',
        n.nspname,
        c.relname,
        array_agg(pi.indexname order by pi.indexname)
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0009_duplicate_index' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', case
            when c.relkind = 'r' then 'table'
            when c.relkind = 'm' then 'materialized view'
            else 'ERROR'
        end,
        'indexes', array_agg(pi.indexname order by pi.indexname)
    ) as metadata,
    format(
        'duplicate_index_%s_%s_%s',
        n.nspname,
        c.relname,
        array_agg(pi.indexname order by pi.indexname)
    ) as cache_key
from
    pg_catalog.pg_indexes pi
    join pg_catalog.pg_namespace n
        on n.nspname  = pi.schemaname
    join pg_catalog.pg_class c
        on pi.tablename = c.relname
        and n.oid = c.relnamespace
    left join pg_catalog.pg_depend dep
        on c.oid = dep.objid
        and dep.deptype = 'e'
where
    c.relkind in ('r', 'm') -- tables and materialized views
    and n.nspname not in (
        ${SYSTEM_SCHEMAS}
    )
    and dep.objid is null -- exclude tables owned by extensions
group by
    n.nspname,
    c.relkind,
    c.relname,
    replace(pi.indexdef, pi.indexname, '')
having
    count(*) > 1
`
	},
	{
		name: 'security_definer_view',
		level: 'ERROR',
		source: '0010_security_definer_view.sql',
		sql: sql`
select
    'security_definer_view' as name,
    'Security Definer View' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects views defined with the SECURITY DEFINER property. These views enforce Postgres permissions and row level security policies (RLS) of the view creator, rather than that of the querying user' as description,
    format(
        'View \`%s.%s\` is defined with the SECURITY DEFINER property',
        n.nspname,
        c.relname
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0010_security_definer_view' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'view'
    ) as metadata,
    format(
        'security_definer_view_%s_%s',
        n.nspname,
        c.relname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on n.oid = c.relnamespace
    left join pg_catalog.pg_depend dep
        on c.oid = dep.objid
        and dep.deptype = 'e'
        and dep.classid = 'pg_catalog.pg_class'::regclass
where
    c.relkind = 'v'
    and (
        pg_catalog.has_table_privilege('anon', c.oid, 'SELECT')
        or pg_catalog.has_table_privilege('authenticated', c.oid, 'SELECT')
    )
    and substring(pg_catalog.version() from 'PostgreSQL ([0-9]+)') >= '15' -- security invoker was added in pg15
    and n.nspname = any(${EXPOSED_SCHEMAS})
    and n.nspname not in (
        ${SYSTEM_SCHEMAS}
    )
    and dep.objid is null -- exclude views owned by extensions
    and not (
        lower(coalesce(c.reloptions::text,'{}'))::text[]
        && ${SECURITY_INVOKER_OPTIONS}
    )
`
	},
	{
		name: 'function_search_path_mutable',
		level: 'WARN',
		source: '0011_function_search_path_mutable.sql',
		sql: sql`
select
    'function_search_path_mutable' as name,
    'Function Search Path Mutable' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects functions where the search_path parameter is not set.' as description,
    format(
        'Function \`%s.%s\` has a role mutable search_path',
        n.nspname,
        p.proname
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0011_function_search_path_mutable' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', p.proname,
        'type', 'function'
    ) as metadata,
    format(
        'function_search_path_mutable_%s_%s_%s',
        n.nspname,
        p.proname,
        md5(p.prosrc) -- required when function is polymorphic
    ) as cache_key
from
    pg_catalog.pg_proc p
    join pg_catalog.pg_namespace n
        on p.pronamespace = n.oid
    left join pg_catalog.pg_depend dep
        on p.oid = dep.objid
        and dep.deptype = 'e'
        and dep.classid = 'pg_catalog.pg_proc'::regclass
where
    n.nspname not in (
        ${SYSTEM_SCHEMAS}
    )
    and dep.objid is null -- exclude functions owned by extensions
    -- Search path not set
    and not exists (
        select 1
        from unnest(coalesce(p.proconfig, '{}')) as config
        where config like 'search_path=%'
    )
`
	},
	{
		name: 'rls_disabled_in_public',
		level: 'ERROR',
		source: '0013_rls_disabled_in_public.sql',
		sql: sql`
select
    'rls_disabled_in_public' as name,
    'RLS Disabled in Public' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects cases where row level security (RLS) has not been enabled on tables in schemas exposed to PostgREST' as description,
    format(
        'Table \`%s.%s\` is public, but RLS has not been enabled.',
        n.nspname,
        c.relname
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0013_rls_disabled_in_public' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table'
    ) as metadata,
    format(
        'rls_disabled_in_public_%s_%s',
        n.nspname,
        c.relname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
where
    c.relkind = 'r' -- regular tables
    -- RLS is disabled
    and not c.relrowsecurity
    and (
        pg_catalog.has_table_privilege('anon', c.oid, 'SELECT')
        or pg_catalog.has_table_privilege('authenticated', c.oid, 'SELECT')
    )
    and n.nspname = any(${EXPOSED_SCHEMAS})
    and n.nspname not in (
        ${SYSTEM_SCHEMAS}
    )
`
	},
	{
		name: 'extension_in_public',
		level: 'WARN',
		source: '0014_extension_in_public.sql',
		sql: sql`
select
    'extension_in_public' as name,
    'Extension in Public' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects extensions installed in the \`public\` schema.' as description,
    format(
        'Extension \`%s\` is installed in the public schema. Move it to another schema.',
        pe.extname
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0014_extension_in_public' as remediation,
    jsonb_build_object(
        'schema', pe.extnamespace::regnamespace,
        'name', pe.extname,
        'type', 'extension'
    ) as metadata,
    format(
        'extension_in_public_%s',
        pe.extname
    ) as cache_key
from
    pg_catalog.pg_extension pe
where
    -- plpgsql is installed by default in public and outside user control
    -- confirmed safe
    pe.extname not in ('plpgsql')
    and pe.extnamespace::regnamespace::text = 'public'
`
	},
	{
		name: 'rls_references_user_metadata',
		level: 'ERROR',
		source: '0015_rls_references_user_metadata.sql',
		sql: sql`
with policies as (
    select
        nsp.nspname as schema_name,
        pb.tablename as table_name,
        polname as policy_name,
        qual,
        with_check
    from
        pg_catalog.pg_policy pa
        join pg_catalog.pg_class pc
            on pa.polrelid = pc.oid
        join pg_catalog.pg_namespace nsp
            on pc.relnamespace = nsp.oid
        join pg_catalog.pg_policies pb
            on pc.relname = pb.tablename
            and nsp.nspname = pb.schemaname
            and pa.polname = pb.policyname
)
select
    'rls_references_user_metadata' as name,
    'RLS references user metadata' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects when Supabase Auth user_metadata is referenced insecurely in a row level security (RLS) policy.' as description,
    format(
        'Table \`%s.%s\` has a row level security policy \`%s\` that references Supabase Auth \`user_metadata\`. \`user_metadata\` is editable by end users and should never be used in a security context.',
        schema_name,
        table_name,
        policy_name
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0015_rls_references_user_metadata' as remediation,
    jsonb_build_object(
        'schema', schema_name,
        'name', table_name,
        'type', 'table'
    ) as metadata,
    format('rls_references_user_metadata_%s_%s_%s', schema_name, table_name, policy_name) as cache_key
from
    policies
where
    schema_name not in (
        ${SYSTEM_SCHEMAS}
    )
    and (
        -- Example: auth.jwt() -> 'user_metadata'
        -- False positives are possible, but it isn't practical to string match
        -- If false positive rate is too high, this expression can iterate
        qual like '%auth.jwt()%user_metadata%'
        or qual like '%current_setting(%request.jwt.claims%)%user_metadata%'
        or with_check like '%auth.jwt()%user_metadata%'
        or with_check like '%current_setting(%request.jwt.claims%)%user_metadata%'
    )
`
	},
	{
		name: 'materialized_view_in_api',
		level: 'WARN',
		source: '0016_materialized_view_in_api.sql',
		sql: sql`
select
    'materialized_view_in_api' as name,
    'Materialized View in API' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects materialized views that are accessible over the Data APIs.' as description,
    format(
        'Materialized view \`%s.%s\` is selectable by anon or authenticated roles',
        n.nspname,
        c.relname
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0016_materialized_view_in_api' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'materialized view'
    ) as metadata,
    format(
        'materialized_view_in_api_%s_%s',
        n.nspname,
        c.relname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on n.oid = c.relnamespace
    left join pg_catalog.pg_depend dep
        on c.oid = dep.objid
        and dep.deptype = 'e'
where
    c.relkind = 'm'
    and (
        pg_catalog.has_table_privilege('anon', c.oid, 'SELECT')
        or pg_catalog.has_table_privilege('authenticated', c.oid, 'SELECT')
    )
    and n.nspname = any(${EXPOSED_SCHEMAS})
    and n.nspname not in (
        ${SYSTEM_SCHEMAS}
    )
    and dep.objid is null
`
	},
	{
		name: 'foreign_table_in_api',
		level: 'WARN',
		source: '0017_foreign_table_in_api.sql',
		sql: sql`
select
    'foreign_table_in_api' as name,
    'Foreign Table in API' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects foreign tables that are accessible over APIs. Foreign tables do not respect row level security policies.' as description,
    format(
        'Foreign table \`%s.%s\` is accessible over APIs',
        n.nspname,
        c.relname
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0017_foreign_table_in_api' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'foreign table'
    ) as metadata,
    format(
        'foreign_table_in_api_%s_%s',
        n.nspname,
        c.relname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on n.oid = c.relnamespace
    left join pg_catalog.pg_depend dep
        on c.oid = dep.objid
        and dep.deptype = 'e'
where
    c.relkind = 'f'
    and (
        pg_catalog.has_table_privilege('anon', c.oid, 'SELECT')
        or pg_catalog.has_table_privilege('authenticated', c.oid, 'SELECT')
    )
    and n.nspname = any(${EXPOSED_SCHEMAS})
    and n.nspname not in (
        ${SYSTEM_SCHEMAS}
    )
    and dep.objid is null
`
	},
	{
		// No extension/schema exclusion upstream beyond pg_catalog, information_schema, pgsodium.
		name: 'unsupported_reg_types',
		level: 'WARN',
		source: '0018_unsupported_reg_types.sql',
		sql: sql`
select
    'unsupported_reg_types' as name,
    'Unsupported reg types' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Identifies columns using unsupported reg* types outside pg_catalog schema, which prevents database upgrades using pg_upgrade.' as description,
    format(
        'Table \`%s.%s\` has a column \`%s\` with unsupported reg* type \`%s\`.',
        n.nspname,
        c.relname,
        a.attname,
        t.typname
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=unsupported_reg_types' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'column', a.attname,
        'type', 'table'
    ) as metadata,
    format(
        'unsupported_reg_types_%s_%s_%s',
        n.nspname,
        c.relname,
        a.attname
    ) AS cache_key
from
    pg_catalog.pg_attribute a
    join pg_catalog.pg_class c
        on a.attrelid = c.oid
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    join pg_catalog.pg_type t
        on a.atttypid = t.oid
    join pg_catalog.pg_namespace tn
        on t.typnamespace = tn.oid
where
    tn.nspname = 'pg_catalog'
    and t.typname in ('regcollation', 'regconfig', 'regdictionary', 'regnamespace', 'regoper', 'regoperator', 'regproc', 'regprocedure')
    and n.nspname not in ('pg_catalog', 'information_schema', 'pgsodium')
`
	},
	{
		name: 'insecure_queue_exposed_in_api',
		level: 'ERROR',
		source: '0019_insecure_queue_exposed_in_api.sql',
		sql: sql`
select
    'insecure_queue_exposed_in_api' as name,
    'Insecure Queue Exposed in API' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects cases where an insecure Queue is exposed over Data APIs' as description,
    format(
        'Table \`%s.%s\` is public, but RLS has not been enabled.',
        n.nspname,
        c.relname
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0019_insecure_queue_exposed_in_api' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table'
    ) as metadata,
    format(
        'rls_disabled_in_public_%s_%s',
        n.nspname,
        c.relname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
where
    c.relkind in ('r', 'I') -- regular or partitioned tables
    and not c.relrowsecurity -- RLS is disabled
    and (
        pg_catalog.has_table_privilege('anon', c.oid, 'SELECT')
        or pg_catalog.has_table_privilege('authenticated', c.oid, 'SELECT')
    )
    and n.nspname = 'pgmq' -- tables in the pgmq schema
    and c.relname like 'q_%' -- only queue tables
    -- Constant requirements
    and 'pgmq_public' = any(${EXPOSED_SCHEMAS})
`
	},
	{
		name: 'fkey_to_auth_unique',
		level: 'ERROR',
		source: '0021_fkey_to_auth_unique.sql',
		sql: sql`
select
    'fkey_to_auth_unique' as name,
    'Foreign Key to Auth Unique Constraint' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects user defined foreign keys to unique constraints in the auth schema.' as description,
    format(
        'Table \`%s\`.\`%s\` has a foreign key \`%s\` referencing an auth unique constraint',
        n.nspname, -- referencing schema
        c_rel.relname, -- referencing table
        c.conname -- fkey name
    ) as detail,
    'Drop the foreign key constraint that references the auth schema.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c_rel.relname,
        'foreign_key', c.conname
    ) as metadata,
    format(
        'fkey_to_auth_unique_%s_%s_%s',
        n.nspname, -- referencing schema
        c_rel.relname, -- referencing table
        c.conname
    ) as cache_key
from
    pg_catalog.pg_constraint c
    join pg_catalog.pg_class c_rel
        on c.conrelid = c_rel.oid
    join pg_catalog.pg_namespace n
        on c_rel.relnamespace = n.oid
    join pg_catalog.pg_class ref_rel
        on c.confrelid = ref_rel.oid
    join pg_catalog.pg_namespace cn
        on ref_rel.relnamespace = cn.oid
    join pg_catalog.pg_index i
        on c.conindid = i.indexrelid
where c.contype = 'f'
    and cn.nspname = 'auth'
    and i.indisunique
    and not i.indisprimary
`
	},
	{
		// About the extension build installed, not the schema: may differ between PG 15 and PGlite.
		name: 'extension_versions_outdated',
		level: 'WARN',
		source: '0022_extension_versions_outdated.sql',
		sql: sql`
select
    'extension_versions_outdated' as name,
    'Extension Versions Outdated' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects extensions that are not using the default (recommended) version.' as description,
    format(
        'Extension \`%s\` is using version \`%s\` but version \`%s\` is available. Using outdated extension versions may expose the database to security vulnerabilities.',
        ext.name,
        ext.installed_version,
        ext.default_version
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0022_extension_versions_outdated' as remediation,
    jsonb_build_object(
        'extension_name', ext.name,
        'installed_version', ext.installed_version,
        'default_version', ext.default_version
    ) as metadata,
    format(
        'extension_versions_outdated_%s_%s',
        ext.name,
        ext.installed_version
    ) as cache_key
from
    pg_catalog.pg_available_extensions ext
join
    -- ignore versions not in pg_available_extension_versions
    -- e.g. residue of pg_upgrade
    pg_catalog.pg_available_extension_versions extv
    on extv.name = ext.name and extv.installed
where
    ext.installed_version is not null
    and ext.default_version is not null
    and ext.installed_version != ext.default_version
order by
    ext.name
`
	},
	{
		// No RLS exemption by name: 'email', 'phone' are not in the list; RLS off is 0013's job anyway.
		name: 'sensitive_columns_exposed',
		level: 'ERROR',
		source: '0023_sensitive_columns_exposed.sql',
		sql: sql`
with sensitive_patterns as (
    select unnest(array[
        -- Authentication & Credentials
        'password', 'passwd', 'pwd', 'passphrase',
        'secret', 'secret_key', 'private_key', 'api_key', 'apikey',
        'auth_key', 'token', 'jwt', 'access_token', 'refresh_token',
        'oauth_token', 'session_token', 'bearer_token', 'auth_code',
        'session_id', 'session_key', 'session_secret',
        'recovery_code', 'backup_code', 'verification_code',
        'otp', 'two_factor', '2fa_secret', '2fa_code',
        -- Personal Identifiers
        'ssn', 'social_security', 'social_security_number',
        'driver_license', 'drivers_license', 'license_number',
        'passport_number', 'passport_id', 'national_id', 'tax_id',
        -- Financial Information
        'credit_card', 'card_number', 'cvv', 'cvc', 'cvn',
        'bank_account', 'account_number', 'routing_number',
        'iban', 'swift_code', 'bic',
        -- Health & Medical
        'health_record', 'medical_record', 'patient_id',
        'insurance_number', 'health_insurance', 'medical_insurance',
        'treatment',
        -- Device Identifiers
        'mac_address', 'macaddr', 'imei', 'device_uuid',
        -- Digital Keys & Certificates
        'pgp_key', 'gpg_key', 'ssh_key', 'certificate',
        'license_key', 'activation_key',
        -- Biometric Data
        'facial_recognition'
    ]) as pattern
),
exposed_tables as (
    select
        n.nspname as schema_name,
        c.relname as table_name,
        c.oid as table_oid
    from
        pg_catalog.pg_class c
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
    where
        c.relkind = 'r' -- regular tables
        and (
            pg_catalog.has_table_privilege('anon', c.oid, 'SELECT')
            or pg_catalog.has_table_privilege('authenticated', c.oid, 'SELECT')
        )
        and n.nspname = any(${EXPOSED_SCHEMAS})
        and n.nspname not in (
            ${SYSTEM_SCHEMAS}
        )
        -- Only flag tables without RLS enabled
        and not c.relrowsecurity
),
sensitive_columns as (
    select
        et.schema_name,
        et.table_name,
        a.attname as column_name,
        sp.pattern as matched_pattern
    from
        exposed_tables et
        join pg_catalog.pg_attribute a
            on a.attrelid = et.table_oid
            and a.attnum > 0
            and not a.attisdropped
        cross join sensitive_patterns sp
    where
        -- Match column name against sensitive patterns (case insensitive), allowing '-'/'_' variants
        replace(lower(a.attname), '-', '_') = sp.pattern
)
select
    'sensitive_columns_exposed' as name,
    'Sensitive Columns Exposed' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects tables exposed via API that contain columns with potentially sensitive data (PII, credentials, financial info) without RLS protection.' as description,
    format(
        'Table \`%s.%s\` is exposed via API without RLS and contains potentially sensitive column(s): %s. This may lead to data exposure.',
        schema_name,
        table_name,
        string_agg(distinct column_name, ', ' order by column_name)
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0023_sensitive_columns_exposed' as remediation,
    jsonb_build_object(
        'schema', schema_name,
        'name', table_name,
        'type', 'table',
        'sensitive_columns', array_agg(distinct column_name order by column_name),
        'matched_patterns', array_agg(distinct matched_pattern order by matched_pattern)
    ) as metadata,
    format(
        'sensitive_columns_exposed_%s_%s',
        schema_name,
        table_name
    ) as cache_key
from
    sensitive_columns
group by
    schema_name,
    table_name
order by
    schema_name,
    table_name
`
	},
	{
		// SELECT `using (true)` is deliberately not flagged; UPDATE/DELETE/ALL `using (true)` and
		// INSERT/UPDATE/ALL `with check (true)` are, for roles public/anon/authenticated.
		name: 'rls_policy_always_true',
		level: 'WARN',
		source: '0024_rls_policy_always_true.sql',
		sql: sql`
with policies as (
    select
        nsp.nspname as schema_name,
        pb.tablename as table_name,
        pc.relrowsecurity as is_rls_active,
        pa.polname as policy_name,
        pa.polpermissive as is_permissive,
        pa.polroles as role_oids,
        (select array_agg(r::regrole::text) from unnest(pa.polroles) as x(r)) as roles,
        case pa.polcmd
            when 'r' then 'SELECT'
            when 'a' then 'INSERT'
            when 'w' then 'UPDATE'
            when 'd' then 'DELETE'
            when '*' then 'ALL'
        end as command,
        pb.qual,
        pb.with_check,
        -- Normalize expressions by removing whitespace and lowercasing
        replace(replace(replace(lower(coalesce(pb.qual, '')), ' ', ''), E'\n', ''), E'\t', '') as normalized_qual,
        replace(replace(replace(lower(coalesce(pb.with_check, '')), ' ', ''), E'\n', ''), E'\t', '') as normalized_with_check
    from
        pg_catalog.pg_policy pa
        join pg_catalog.pg_class pc
            on pa.polrelid = pc.oid
        join pg_catalog.pg_namespace nsp
            on pc.relnamespace = nsp.oid
        join pg_catalog.pg_policies pb
            on pc.relname = pb.tablename
            and nsp.nspname = pb.schemaname
            and pa.polname = pb.policyname
    where
        pc.relkind = 'r' -- regular tables
        and nsp.nspname not in (
            ${SYSTEM_SCHEMAS}
        )
),
permissive_patterns as (
    select
        p.*,
        -- Check for always-true USING clause patterns
        -- Note: SELECT with (true) is often intentional and documented, so we only flag UPDATE/DELETE
        case when (
            command in ('UPDATE', 'DELETE', 'ALL')
            and (
                normalized_qual in ('true', '(true)', '1=1', '(1=1)')
                -- Empty or null qual on permissive policy means allow all
                or (qual is null and is_permissive)
            )
        ) then true else false end as has_permissive_using,
        -- Check for always-true WITH CHECK clause patterns
        case when (
            normalized_with_check in ('true', '(true)', '1=1', '(1=1)')
            -- Empty with_check on INSERT means allow all (INSERT has no USING to fall back on)
            or (with_check is null and is_permissive and command = 'INSERT')
            -- Empty with_check on UPDATE/ALL with permissive USING means allow all writes
            or (with_check is null and is_permissive and command in ('UPDATE', 'ALL')
                and normalized_qual in ('true', '(true)', '1=1', '(1=1)'))
        ) then true else false end as has_permissive_with_check
    from
        policies p
    where
        -- Only check tables with RLS enabled (otherwise it's a different lint)
        is_rls_active
        -- Only check permissive policies (restrictive policies with true are less dangerous)
        and is_permissive
        -- Only flag policies that apply to anon or authenticated roles (or public/all roles)
        and (
            role_oids = array[0::oid] -- public (all roles)
            or exists (
                select 1
                from unnest(role_oids) as r
                where r::regrole::text in ('anon', 'authenticated')
            )
        )
)
select
    'rls_policy_always_true' as name,
    'RLS Policy Always True' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects RLS policies that use overly permissive expressions like \`USING (true)\` or \`WITH CHECK (true)\` for UPDATE, DELETE, or INSERT operations. SELECT policies with \`USING (true)\` are intentionally excluded as this pattern is often used deliberately for public read access.' as description,
    format(
        'Table \`%s.%s\` has an RLS policy \`%s\` for \`%s\` that allows unrestricted access%s. This effectively bypasses row-level security for %s.',
        schema_name,
        table_name,
        policy_name,
        command,
        case
            when has_permissive_using and has_permissive_with_check then ' (both USING and WITH CHECK are always true)'
            when has_permissive_using then ' (USING clause is always true)'
            when has_permissive_with_check then ' (WITH CHECK clause is always true)'
            else ''
        end,
        array_to_string(roles, ', ')
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0024_permissive_rls_policy' as remediation,
    jsonb_build_object(
        'schema', schema_name,
        'name', table_name,
        'type', 'table',
        'policy_name', policy_name,
        'command', command,
        'roles', roles,
        'qual', qual,
        'with_check', with_check,
        'permissive_using', has_permissive_using,
        'permissive_with_check', has_permissive_with_check
    ) as metadata,
    format(
        'rls_policy_always_true_%s_%s_%s',
        schema_name,
        table_name,
        policy_name
    ) as cache_key
from
    permissive_patterns
where
    has_permissive_using or has_permissive_with_check
order by
    schema_name,
    table_name,
    policy_name
`
	},
	{
		name: 'pg17_deprecated_extensions',
		level: 'WARN',
		source: '0025_pg17_deprecated_extensions.sql',
		sql: sql`
select
    'pg17_deprecated_extensions' as name,
    'PG17 Deprecated Extensions' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects extensions that are deprecated in PostgreSQL 17 images.' as description,
    format(
    'Extension \`%s\` is deprecated in PostgreSQL 17 images. Consider removing or replacing it before upgrading.',
    pe.extname
) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0025_pg17_deprecated_extensions' as remediation,
    jsonb_build_object(
    'extension_name', pe.extname
) as metadata,
    format(
    'pg17_deprecated_extension_%s',
    pe.extname
) as cache_key
from
    pg_catalog.pg_extension pe
where
    pe.extname in (
        'plv8',
        'timescaledb',
        'adminpack'
    )
`
	},
	{
		// Upstream reads the public buckets from the GUC `splinter.public_buckets` (a JSON array of
		// {bucket_id, bucket_name}) that the dashboard fills from storage.buckets; unset -> no rows.
		name: 'public_bucket_allows_listing',
		level: 'WARN',
		source: '0025_public_bucket_allows_listing.sql',
		sql: sql`
with public_buckets as (
    select
        bucket->>'bucket_id' as bucket_id,
        bucket->>'bucket_name' as bucket_name
    from pg_catalog.jsonb_array_elements(
        coalesce(
            nullif(pg_catalog.current_setting('splinter.public_buckets', true), '')::pg_catalog.jsonb,
            '[]'::pg_catalog.jsonb
        )
    ) as buckets(bucket)
),
matching_policies as (
    select
        b.bucket_id,
        b.bucket_name,
        p.policyname
    from
        public_buckets b
        join pg_catalog.pg_policies p
            on p.schemaname = 'storage'
            and p.tablename = 'objects'
            and p.cmd in ('SELECT', 'ALL')
            and p.permissive = 'PERMISSIVE'
            and p.roles && array['public'::name, 'anon'::name, 'authenticated'::name]
    where
        (
            p.qual is null
            or replace(replace(replace(lower(p.qual), ' ', ''), E'\n', ''), E'\t', '')
                in ('true', '(true)', '1=1', '(1=1)')
            or exists (
                select
                    1
                from
                    pg_catalog.regexp_match(
                        p.qual,
                        $re$\A\s*\(*\s*bucket_id\s*=\s*('(?:[^']|'')*')(\s*::\s*[[:alnum:]_\.]+)?\s*\)*\s*\Z$re$,
                        'i'
                    ) as bucket_match(matches)
                where
                    bucket_match.matches[1] = '''' || replace(b.bucket_id, '''', '''''') || ''''
            )
        )
),
affected_buckets as (
    select
        bucket_id,
        bucket_name,
        array_agg(policyname order by policyname) as policy_names,
        count(*)::int as policy_count
    from
        matching_policies
    group by
        bucket_id,
        bucket_name
)
select
    'public_bucket_allows_listing' as name,
    'Public Bucket Allows Listing' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects public storage buckets with a broad SELECT policy on \`storage.objects\`, which allows clients to list all files in the bucket.' as description,
    format(
        'Public bucket \`%s\` has %s broad SELECT %s on \`storage.objects\` (%s), allowing clients to list all files. Public buckets don''t need this for object URL access and it may expose more data than intended.',
        bucket_name,
        policy_count,
        case
            when policy_count = 1 then 'policy'
            else 'policies'
        end,
        array_to_string(policy_names, ', ')
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0025_public_bucket_allows_listing' as remediation,
    jsonb_build_object(
        'schema', 'storage',
        'name', bucket_name,
        'type', 'bucket',
        'bucket_id', bucket_id,
        'bucket_name', bucket_name,
        'policy_names', policy_names,
        'policy_count', policy_count
    ) as metadata,
    format('public_bucket_allows_listing_%s', bucket_id) as cache_key
from
    affected_buckets
order by
    bucket_id
`
	},
	{
		// Only when pg_graphql is installed (it is, by default, on Supabase): then EVERY relation anon
		// can SELECT, RLS or not, in any non-system schema, is a finding.
		name: 'pg_graphql_anon_table_exposed',
		level: 'WARN',
		source: '0026_pg_graphql_anon_table_exposed.sql',
		sql: sql`
with graphql_installed as (
    select 1 as installed
    from pg_catalog.pg_extension
    where extname = 'pg_graphql'
),
exposed_objects as (
    select
        n.nspname as schema_name,
        c.relname as object_name,
        c.relkind as object_relkind,
        case c.relkind
            when 'r' then 'table'
            when 'p' then 'table'
            when 'v' then 'view'
            when 'm' then 'materialized view'
        end as object_type
    from
        pg_catalog.pg_class c
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
    where
        c.relkind in ('r', 'p', 'v', 'm') -- tables, partitioned tables, views, materialized views
        and pg_catalog.has_table_privilege('anon', c.oid, 'SELECT')
        and exists (select 1 from graphql_installed)
        and n.nspname not in (
            ${SYSTEM_SCHEMAS}
        )
)
select
    'pg_graphql_anon_table_exposed' as name,
    'pg_graphql Anon Role Exposes Objects in Introspection' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects tables and views whose schema is visible via the public \`/graphql/v1\` introspection endpoint. When \`pg_graphql\` is installed, any table, view, or materialized view the \`anon\` role has \`SELECT\` on is visible in introspection — names, columns, types, and relationships — even when RLS is enabled. Both forms of introspection are intentional behavior; this lint surfaces the objects that are currently public so you can confirm each one is meant to be discoverable without authentication.' as description,
    format(
        'Extension \`pg_graphql\` is installed and the \`anon\` role has \`SELECT\` on %s \`%s.%s\`. Its name, columns, and relationships are visible via the public \`/graphql/v1\` introspection endpoint.',
        object_type,
        schema_name,
        object_name
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0026_pg_graphql_anon_table_exposed' as remediation,
    jsonb_build_object(
        'schema', schema_name,
        'name', object_name,
        'type', object_type
    ) as metadata,
    format(
        'pg_graphql_anon_table_exposed_%s_%s',
        schema_name,
        object_name
    ) as cache_key
from
    exposed_objects
order by
    schema_name,
    object_name
`
	},
	{
		name: 'pg_graphql_authenticated_table_exposed',
		level: 'WARN',
		source: '0027_pg_graphql_authenticated_table_exposed.sql',
		sql: sql`
with graphql_installed as (
    select 1 as installed
    from pg_catalog.pg_extension
    where extname = 'pg_graphql'
),
exposed_objects as (
    select
        n.nspname as schema_name,
        c.relname as object_name,
        c.relkind as object_relkind,
        case c.relkind
            when 'r' then 'table'
            when 'v' then 'view'
            when 'm' then 'materialized view'
            when 'f' then 'foreign table'
        end as object_type
    from
        pg_catalog.pg_class c
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
    where
        c.relkind in ('r', 'v', 'm', 'f') -- tables, views, materialized views, foreign tables; matches pg_graphql
        and exists (
            -- Any selectable column (table-level or column-level grant)
            select 1
            from pg_catalog.pg_attribute a
            where a.attrelid = c.oid
                and a.attnum > 0
                and not a.attisdropped
                and pg_catalog.has_column_privilege('authenticated', c.oid, a.attnum, 'SELECT')
        )
        and exists (select 1 from graphql_installed)
        and n.nspname not in (
            ${SYSTEM_SCHEMAS}
        )
)
select
    'pg_graphql_authenticated_table_exposed' as name,
    'pg_graphql Authenticated Role Exposes Objects in Introspection' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects tables, views, materialized views, and foreign tables whose schema is visible via the \`/graphql/v1\` introspection endpoint to any signed-up user. When \`pg_graphql\` is installed, any object the \`authenticated\` role has \`SELECT\` on is visible in introspection — names, columns, types, and relationships — even when RLS is enabled. In default Supabase projects \`authenticated\` is anyone with a valid JWT, which under open or auto-confirm signup is anyone with a throwaway email. See lint 0026 for the equivalent check against \`anon\`.' as description,
    format(
        'Extension \`pg_graphql\` is installed and the \`authenticated\` role has \`SELECT\` on %s \`%s.%s\`. Its name, columns, and relationships are visible via the \`/graphql/v1\` introspection endpoint to any signed-up user.',
        object_type,
        schema_name,
        object_name
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0027_pg_graphql_authenticated_table_exposed' as remediation,
    jsonb_build_object(
        'schema', schema_name,
        'name', object_name,
        'type', object_type
    ) as metadata,
    format(
        'pg_graphql_authenticated_table_exposed_%s_%s',
        schema_name,
        object_name
    ) as cache_key
from
    exposed_objects
order by
    schema_name,
    object_name
`
	},
	{
		// Gated on the exposed schemas: a SECURITY DEFINER helper in `private` is not a finding.
		name: 'anon_security_definer_function_executable',
		level: 'WARN',
		source: '0028_anon_security_definer_function_executable.sql',
		sql: sql`
select
    'anon_security_definer_function_executable' as name,
    'Public Can Execute SECURITY DEFINER Function' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects \`SECURITY DEFINER\` functions that are callable without signing in. Revoke \`EXECUTE\`, switch the function to \`SECURITY INVOKER\`, or move it out of your exposed API schema if it is not meant to be public.' as description,
    format(
        'Function \`%s.%s(%s)\` can be executed by the \`anon\` role as a \`SECURITY DEFINER\` function via \`/rest/v1/rpc/%s\`. Revoke \`EXECUTE\` or switch it to \`SECURITY INVOKER\` if that is not intentional.',
        schema_name,
        function_name,
        function_args,
        function_name
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0028_anon_security_definer_function_executable' as remediation,
    jsonb_build_object(
        'schema', schema_name,
        'name', function_name,
        'arguments', function_args,
        'language', function_language,
        'security_definer', true
    ) as metadata,
    format(
        'anon_security_definer_function_executable_%s_%s_%s',
        schema_name,
        function_name,
        function_args
    ) as cache_key
from
    (
        select
            n.nspname as schema_name,
            p.proname as function_name,
            pg_catalog.pg_get_function_identity_arguments(p.oid) as function_args,
            l.lanname as function_language
        from
            pg_catalog.pg_proc p
            join pg_catalog.pg_namespace n
                on p.pronamespace = n.oid
            join pg_catalog.pg_language l
                on p.prolang = l.oid
        where
            p.prosecdef = true
            and pg_catalog.has_function_privilege('anon', p.oid, 'EXECUTE')
            and n.nspname = any(${EXPOSED_SCHEMAS})
            and n.nspname not in (
                ${SYSTEM_SCHEMAS}
            )
    ) exposed_functions
order by
    schema_name,
    function_name,
    function_args
`
	},
	{
		name: 'authenticated_security_definer_function_executable',
		level: 'WARN',
		source: '0029_authenticated_security_definer_function_executable.sql',
		sql: sql`
select
    'authenticated_security_definer_function_executable' as name,
    'Signed-In Users Can Execute SECURITY DEFINER Function' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects \`SECURITY DEFINER\` functions that are callable by signed-in users. Revoke \`EXECUTE\`, switch the function to \`SECURITY INVOKER\`, or move it out of your exposed API schema if signed-in users should not call it.' as description,
    format(
        'Function \`%s.%s(%s)\` can be executed by the \`authenticated\` role as a \`SECURITY DEFINER\` function via \`/rest/v1/rpc/%s\`. Revoke \`EXECUTE\` or switch it to \`SECURITY INVOKER\` if that is not intentional.',
        schema_name,
        function_name,
        function_args,
        function_name
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0029_authenticated_security_definer_function_executable' as remediation,
    jsonb_build_object(
        'schema', schema_name,
        'name', function_name,
        'arguments', function_args,
        'language', function_language,
        'security_definer', true
    ) as metadata,
    format(
        'authenticated_security_definer_function_executable_%s_%s_%s',
        schema_name,
        function_name,
        function_args
    ) as cache_key
from
    (
        select
            n.nspname as schema_name,
            p.proname as function_name,
            pg_catalog.pg_get_function_identity_arguments(p.oid) as function_args,
            l.lanname as function_language
        from
            pg_catalog.pg_proc p
            join pg_catalog.pg_namespace n
                on p.pronamespace = n.oid
            join pg_catalog.pg_language l
                on p.prolang = l.oid
        where
            p.prosecdef = true
            and (
                pg_catalog.has_function_privilege('authenticated', p.oid, 'EXECUTE')
                -- Custom request roles: any role \`authenticator\` can SET ROLE into, but anon and
                -- service_role (upstream's reasoning, condensed).
                or exists (
                    select
                        1
                    from
                        pg_catalog.pg_auth_members m
                        join pg_catalog.pg_roles request_role
                            on request_role.oid = m.roleid
                        join pg_catalog.pg_roles login_role
                            on login_role.oid = m.member
                    where
                        login_role.rolname = 'authenticator'
                        and request_role.rolname not in ('anon', 'service_role')
                        and pg_catalog.has_function_privilege(request_role.rolname, p.oid, 'EXECUTE')
                )
            )
            and n.nspname = any(${EXPOSED_SCHEMAS})
            and n.nspname not in (
                ${SYSTEM_SCHEMAS}
            )
    ) exposed_functions
order by
    schema_name,
    function_name,
    function_args
`
	},
	{
		name: 'autovacuum_disabled',
		level: 'INFO',
		source: '0030_autovacuum_disabled.sql',
		sql: sql`
select
    'autovacuum_disabled' as name,
    'Autovacuum Disabled' as title,
    'INFO' as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Table has autovacuum_enabled=false set as a storage parameter. Without autovacuum, dead tuples accumulate and cause table bloat — see the docs for legitimate exceptions before acting.' as description,
    format(
        'Table \`%s\`.\`%s\` has autovacuum_enabled=false set as a storage parameter.',
        nsp.nspname,
        cls.relname
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0030_autovacuum_disabled' as remediation,
    jsonb_build_object(
        'schema', nsp.nspname,
        'name', cls.relname,
        'type', 'table'
    ) as metadata,
    format('autovacuum_disabled_%s_%s', nsp.nspname, cls.relname) as cache_key
from pg_catalog.pg_class cls
join pg_catalog.pg_namespace nsp on cls.relnamespace = nsp.oid
where
    cls.relkind = 'r'
    and 'autovacuum_enabled=false' = any(cls.reloptions)
    and nsp.nspname not in (
        ${SYSTEM_SCHEMAS}
    )
order by
    nsp.nspname,
    cls.relname
`
	},
	{
		name: 'invalid_index',
		level: 'WARN',
		source: '0030_invalid_index.sql',
		sql: sql`
select
    'invalid_index' as name,
    'Invalid Index' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Detects indexes marked as invalid, typically left behind by a failed \`CREATE INDEX CONCURRENTLY\` or \`REINDEX CONCURRENTLY\`. Invalid indexes are ignored by the planner but still incur maintenance overhead.' as description,
    format(
        'Index \`%s\` on table \`%s.%s\` is invalid and is not used by the query planner.',
        ic.relname,
        nsp.nspname,
        tc.relname
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0030_invalid_index' as remediation,
    jsonb_build_object(
        'schema', nsp.nspname,
        'name', tc.relname,
        'type', 'table',
        'index_name', ic.relname
    ) as metadata,
    format('invalid_index_%s_%s_%s', nsp.nspname, tc.relname, ic.relname) as cache_key
from
    pg_catalog.pg_index pi
    join pg_catalog.pg_class ic
        on pi.indexrelid = ic.oid
    join pg_catalog.pg_class tc
        on pi.indrelid = tc.oid
    join pg_catalog.pg_namespace nsp
        on tc.relnamespace = nsp.oid
    left join pg_catalog.pg_depend dep
        on dep.objid = ic.oid
        and dep.deptype = 'e'
        and dep.classid = 'pg_catalog.pg_class'::regclass
where
    not pi.indisvalid
    and pi.indisready -- exclude indexes that are still being built (phase 1)
    and not exists ( -- exclude indexes actively being built (phase 2+)
        select 1 from pg_catalog.pg_stat_progress_create_index pci
        where pci.index_relid = ic.oid
    )
    and dep.objid is null -- exclude indexes owned by extensions
    and nsp.nspname not in (
        ${SYSTEM_SCHEMAS}
    )
order by
    nsp.nspname,
    tc.relname,
    ic.relname
`
	},
	{
		// Read side only (SELECT/ALL): `auth.uid() is null or …` admits every row to sessions without
		// a user. Catches shapes 0024 cannot.
		name: 'rls_policy_null_auth_disjunct',
		level: 'WARN',
		source: '0030_rls_policy_null_auth_disjunct.sql',
		sql: sql`
with policies as (
    select
        nsp.nspname as schema_name,
        pb.tablename as table_name,
        pc.relrowsecurity as is_rls_active,
        pa.polname as policy_name,
        pa.polpermissive as is_permissive,
        pa.polroles as role_oids,
        (
            select array_agg(case when r = 0 then 'public' else r::regrole::text end order by r)
            from unnest(pa.polroles) as x(r)
        ) as roles,
        case pa.polcmd
            when 'r' then 'SELECT'
            when 'a' then 'INSERT'
            when 'w' then 'UPDATE'
            when 'd' then 'DELETE'
            when '*' then 'ALL'
        end as command,
        pb.qual,
        -- Normalize: lowercase, strip whitespace (matches 0024's normalization)
        lower(replace(replace(replace(coalesce(pb.qual, ''), ' ', ''), E'\n', ''), E'\t', '')) as normalized_qual
    from
        pg_catalog.pg_policy pa
        join pg_catalog.pg_class pc
            on pa.polrelid = pc.oid
        join pg_catalog.pg_namespace nsp
            on pc.relnamespace = nsp.oid
        join pg_catalog.pg_policies pb
            on pc.relname = pb.tablename
            and nsp.nspname = pb.schemaname
            and pa.polname = pb.policyname
    where
        pc.relkind = 'r' -- regular tables
        and nsp.nspname not in (
            ${SYSTEM_SCHEMAS}
        )
),
candidates as (
    select
        p.*,
        -- (1) Replace each nullable auth null-check with a paren-free sentinel;
        -- (2) neutralize remaining auth.*()/current_setting(...) parens (see upstream for detail).
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    regexp_replace(
                        normalized_qual,
                        'not\((auth\.(uid|jwt|role)\(\)|current_setting\([^)]*,true\))isnotnull\)', 'xnullchkx', 'g'
                    ),
                    '(auth\.(uid|jwt|role)\(\)|current_setting\([^)]*,true\))isnull', 'xnullchkx', 'g'
                ),
                'current_setting\([^)]*\)', 'fff', 'g'
            ),
            'auth\.(uid|jwt|role)\(\)', 'fff', 'g'
        ) as sentinel
    from policies p
    where
        is_rls_active
        and is_permissive
        -- Read side only: SELECT (and ALL, whose USING is the read filter)
        and command in ('SELECT', 'ALL')
        -- Only policies that apply to public / anon / authenticated (as 0024 does)
        and (
            role_oids = array[0::oid] -- public (all roles)
            or exists (
                select 1
                from unnest(role_oids) as r
                where r::regrole::text in ('anon', 'authenticated')
            )
        )
),
classified as (
    select
        c.*,
        -- strip the single outer paren pair Postgres always deparses around qual
        regexp_replace(regexp_replace(sentinel, '^\(', ''), '\)$', '') as stripped
    from candidates c
),
analyzed as (
    select
        c.*,
        -- collapse balanced (paren) groups (up to 6 levels) so only the top-level connective(s) remain
        regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
            stripped,
            '\([^()]*\)', '', 'g'), '\([^()]*\)', '', 'g'), '\([^()]*\)', '', 'g'),
            '\([^()]*\)', '', 'g'), '\([^()]*\)', '', 'g'), '\([^()]*\)', '', 'g'
        ) as core
    from classified c
)
select
    'rls_policy_null_auth_disjunct' as name,
    'RLS Policy True When Auth Is Null' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects permissive RLS read policies whose USING clause has a top-level OR disjunct that is true when an auth function returns NULL (for example \`auth.uid() IS NULL OR ...\`). Such a policy admits every row for any session where that function is NULL, which is almost always an inverted-logic mistake rather than intended access.' as description,
    format(
        'Table \`%s.%s\` has a permissive policy \`%s\` for \`%s\` whose USING clause is unconditionally true when \`auth.uid()\` / \`auth.jwt()\` / \`auth.role()\` (or \`current_setting(..., true)\`) is NULL, so it exposes every row to those sessions (roles: %s). This is almost always a logic error -- the author likely intended \`IS NOT NULL AND ...\` or a scoped check. Remove the \`IS NULL\` disjunct or replace it with an explicit deny.',
        schema_name,
        table_name,
        policy_name,
        command,
        array_to_string(roles, ', ')
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0030_rls_policy_null_auth_disjunct' as remediation,
    jsonb_build_object(
        'schema', schema_name,
        'name', table_name,
        'type', 'table',
        'policy_name', policy_name,
        'command', command,
        'roles', roles,
        'qual', qual
    ) as metadata,
    format(
        'rls_policy_null_auth_disjunct_%s_%s_%s',
        schema_name,
        table_name,
        policy_name
    ) as cache_key
from
    analyzed
where
    -- top-level connective is OR (not a gated AND) ...
    (core ~ 'or' and core !~ 'and')
    -- ... and one top-level disjunct is exactly the nullable auth null-check
    and stripped ~ '(^|or)\(xnullchkx\)($|or)'
order by
    schema_name,
    table_name,
    policy_name
`
	},
	{
		// Cluster-wide, not schema: rows are ERROR when wal_status = 'lost', else WARN.
		name: 'unused_replication_slot',
		level: 'WARN',
		source: '0031_unused_replication_slot.sql',
		sql: sql`
select
    'unused_replication_slot' as name,
    'Unused Replication Slot' as title,
    case when prs.wal_status = 'lost' then 'ERROR' else 'WARN' end as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Detects replication slots that are inactive and either retaining WAL beyond max_slot_wal_keep_size (risking disk bloat) or already invalidated (unrecoverable, breaking replication for that consumer).' as description,
    format(
        'Replication slot \`%s\` is inactive and its wal_status is \`%s\`',
        prs.slot_name,
        prs.wal_status
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0031_unused_replication_slot' as remediation,
    jsonb_build_object(
        'entity', prs.slot_name,
        'type', 'replication_slot',
        'slot_type', prs.slot_type,
        'wal_status', prs.wal_status,
        'plugin', prs.plugin,
        'database', prs.database
    ) as metadata,
    format('unused_replication_slot_%s_%s', prs.slot_name, prs.wal_status) as cache_key
from
    pg_catalog.pg_replication_slots prs
where
    not prs.active
    -- 'reserved'/'extended' are still within retention limits, or a replica is reconnecting.
    and prs.wal_status in ('unreserved', 'lost')
order by
    prs.slot_name
`
	},
	{
		// A policy for anon/authenticated on a table that role has no matching privilege on never
		// applies (privileges are checked before RLS).
		name: 'policy_without_privilege',
		level: 'INFO',
		source: '0031_policy_without_privilege.sql',
		sql: sql`
with api_roles as (
    select
        r.oid as role_oid,
        r.rolname as role_name
    from
        pg_catalog.pg_roles r
    where
        r.rolname in ('anon', 'authenticated')
),
policies as (
    select
        n.nspname as schema_name,
        c.relname as table_name,
        c.oid as table_oid,
        p.polname as policy_name,
        p.polroles as role_oids,
        case p.polcmd
            when 'r' then 'SELECT'
            when 'a' then 'INSERT'
            when 'w' then 'UPDATE'
            when 'd' then 'DELETE'
            when '*' then 'ALL'
        end as command
    from
        pg_catalog.pg_policy p
        join pg_catalog.pg_class c
            on p.polrelid = c.oid
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
        left join pg_catalog.pg_depend dep
            on c.oid = dep.objid
            and dep.deptype = 'e'
            and dep.classid = 'pg_catalog.pg_class'::regclass
    where
        c.relkind = 'r' -- regular tables
        and c.relrowsecurity
        and p.polpermissive
        and n.nspname = any(${EXPOSED_SCHEMAS})
        and n.nspname not in (
            ${SYSTEM_SCHEMAS}
        )
        and dep.objid is null -- exclude tables owned by extensions
),
policy_roles as (
    -- Each API role the policy targets, along with whether that role holds the privilege
    select
        p.schema_name,
        p.table_name,
        p.policy_name,
        p.command,
        p.role_oids = array[0::oid] as targets_public,
        ar.role_name,
        case p.command
            -- has_any_column_privilege also accepts column-level grants
            when 'SELECT' then pg_catalog.has_any_column_privilege(ar.role_oid, p.table_oid, 'SELECT')
            when 'INSERT' then pg_catalog.has_any_column_privilege(ar.role_oid, p.table_oid, 'INSERT')
            when 'UPDATE' then pg_catalog.has_any_column_privilege(ar.role_oid, p.table_oid, 'UPDATE')
            when 'DELETE' then pg_catalog.has_table_privilege(ar.role_oid, p.table_oid, 'DELETE')
            -- A FOR ALL policy is effective as long as the role holds any of the four privileges
            when 'ALL' then pg_catalog.has_any_column_privilege(ar.role_oid, p.table_oid, 'SELECT, INSERT, UPDATE')
                or pg_catalog.has_table_privilege(ar.role_oid, p.table_oid, 'DELETE')
        end as has_privilege
    from
        policies p
        join api_roles ar
            on p.role_oids = array[0::oid] -- public (all roles)
            or ar.role_oid = any(p.role_oids)
),
ineffective_policies as (
    select
        schema_name,
        table_name,
        policy_name,
        command,
        array_agg(role_name order by role_name) filter (where not has_privilege) as roles
    from
        policy_roles
    group by
        schema_name,
        table_name,
        policy_name,
        command,
        targets_public
    having
        -- Explicitly targeted roles: flag if any of them lacks the privilege.
        -- Policies for public: flag only if no API role holds the privilege.
        case
            when targets_public then not bool_or(has_privilege)
            else not bool_and(has_privilege)
        end
)
select
    'policy_without_privilege' as name,
    'Policy Without Privilege' as title,
    'INFO' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects RLS policies for the anon or authenticated roles on tables where that role lacks the matching table privilege. Privileges are checked before RLS, so the policy has no effect until the privilege is granted.' as description,
    format(
        'Table \`%s.%s\` has RLS policy \`%s\` for \`%s\`, but %s %s no %s privilege on the table, so the policy has no effect.',
        schema_name,
        table_name,
        policy_name,
        command,
        array_to_string(roles, ' and '),
        case when cardinality(roles) > 1 then 'have' else 'has' end,
        case command
            when 'ALL' then 'SELECT, INSERT, UPDATE, or DELETE'
            else command
        end
    ) as detail,
    'https://supabase.com/docs/guides/database/database-linter?lint=0031_policy_without_privilege' as remediation,
    jsonb_build_object(
        'schema', schema_name,
        'name', table_name,
        'type', 'table',
        'policy_name', policy_name,
        'command', command,
        'roles', roles
    ) as metadata,
    format(
        'policy_without_privilege_%s_%s_%s',
        schema_name,
        table_name,
        policy_name
    ) as cache_key
from
    ineffective_policies
order by
    schema_name,
    table_name,
    policy_name
`
	}
];
