-- Baseline of the schema, one file per concern; each object is defined once, in its final form.
-- Valid on Supabase (PostgreSQL 15+, PostGIS 3.3+), on plain PostgreSQL and on embedded PGlite
-- (supabase/local/bootstrap.sql first creates there what a Supabase project already provides).
-- `npm run db:schema` writes the resulting catalogue to supabase/schema.sql.
--
-- This file: extensions, the schema `private`, small helpers every later file uses, and the
-- per-database secret.

create extension if not exists postgis with schema extensions;

create extension if not exists pg_trgm with schema extensions;
create extension if not exists pgcrypto with schema extensions;

-- Helpers that must not be callable through the API live in `private`, which PostgREST does not
-- expose (Supabase linter: security definer functions in exposed schemas).
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;

-- Folds case and Polish diacritics so that "kramsk legi" finds "Kramsk-Łęgi".
-- translate() instead of unaccent(): it is immutable, so it can back a generated column and index.
create or replace function private.fold(p_text text) returns text
language sql immutable parallel safe set search_path = '' as $$
  select btrim(regexp_replace(
    lower(translate(coalesce(p_text, ''), 'ĄĆĘŁŃÓŚŹŻąćęłńóśźżÄÖÜäöüß', 'ACELNOSZZacelnoszzAOUaous')),
    '[^a-z0-9]+', ' ', 'g'))
$$;

create or replace function private.slugify(p_text text) returns text
language sql immutable parallel safe set search_path = '' as $$
  select replace(private.fold(p_text), ' ', '-')
$$;

-- The sort key of Polish alphabetical order (CLDR "pl", the order of Intl.Collator('pl')), for
-- every ORDER BY on place names. A bytea compares byte by byte under any database collation, so the
-- order is the same on PGlite, PostgreSQL and Supabase, whatever their locale. An ICU collation
-- would not be: PGlite's ICU has the root order only, without the Polish rules ("ąa" < "ab"). The key:
--   1. the letters, case-blind (lower() under COLLATE "C" folds ASCII only, the same everywhere),
--      each Polish letter as its base letter followed by '{' ('|' for ż): '{' and '|' sort after
--      every ASCII letter, so "ą…" comes after all "a…" words, ł after l, ź then ż after z; other
--      Latin diacritics compare as their base letter, as they do at CLDR's first level;
--      spaces, hyphens and digits keep their ASCII bytes, below the letters as in CLDR
--      ("Kramsk" < "Kramsk-Łazy" < "Kramsk-Pole" < "Kramska"; other punctuation marks keep their
--      ASCII order among themselves, which CLDR orders differently, but place names have none);
--   2. after byte 0x01 (below any character, so a shorter name sorts first), the name with its
--      case swapped: names equal but for case come lower case first, as in CLDR.
create or replace function private.sort_key_pl(p_name text) returns bytea
language sql immutable strict parallel safe set search_path = '' as $$
  select convert_to(replace(replace(replace(replace(replace(replace(replace(replace(replace(
      lower(translate(p_name,
        'ĄĆĘŁŃÓŚŹŻÁÀÂÄÃÅČÇĎÉÈÊËĚÍÌÎÏĽĹŇÑÔÖÕŐŘŔŠŤÚÙÛÜŮŰÝŸŽáàâäãåčçďéèêëěíìîïľĺňñôöõőřŕšťúùûüůűýÿž',
        'ąćęłńóśźżaaaaaaccdeeeeeiiiillnnoooorrstuuuuuuyyzaaaaaaccdeeeeeiiiillnnoooorrstuuuuuuyyz')
        collate "C"),
      'ą', 'a{'), 'ć', 'c{'), 'ę', 'e{'), 'ł', 'l{'), 'ń', 'n{'), 'ó', 'o{'), 'ś', 's{'), 'ź', 'z{'),
      'ż', 'z|')
    || chr(1)
    || translate(p_name,
      'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZąćęłńóśźżĄĆĘŁŃÓŚŹŻ',
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzĄĆĘŁŃÓŚŹŻąćęłńóśźż'), 'UTF8')
$$;

create or replace function private.touch_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- Every table of the migrations starts locked: row level security on, and no privilege for the
-- request roles anon and authenticated. What a request role may do is granted after it, table by
-- table, and policies say which rows.
create or replace function private.lock_table(p_table regclass) returns void
language plpgsql set search_path = '' as $$
begin
  execute format('alter table %s enable row level security', p_table);
  execute format('revoke all on %s from anon, authenticated', p_table);
end
$$;

revoke all on function private.lock_table(regclass) from public, anon, authenticated, service_role;

comment on function private.lock_table(regclass) is 'Enables RLS on a table and takes every privilege on it from anon and authenticated.';

-- Server-side secret for HMACs (status links derived from idempotency keys, hashed device tokens
-- and IP addresses). Generated once per database; readable only by the owner.
create table private.app_secrets (
  name text primary key,
  value text not null check (char_length(value) >= 32)
);
comment on table private.app_secrets is 'Per-database secrets (the HMAC key of signed request contexts and links); owner only.';

select private.lock_table('private.app_secrets');

insert into private.app_secrets (name, value)
values ('hmac', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
on conflict (name) do nothing;

-- Grants of the migrations: takes every right on the functions from everyone (PUBLIC included,
-- which gets EXECUTE by default), then gives EXECUTE to the listed roles only.
create or replace function private.grant_execute(p_roles text, variadic p_functions regprocedure[])
returns void language plpgsql set search_path = '' as $$
declare
  v_function regprocedure;
begin
  foreach v_function in array p_functions loop
    execute format('revoke all on function %s from public, anon, authenticated, service_role', v_function);
    execute format('grant execute on function %s to %s', v_function, p_roles);
  end loop;
end
$$;

revoke all on function private.grant_execute(text,regprocedure[])
  from public, anon, authenticated, service_role;

-- Local wall-clock time in the gmina; the forms and the calendar speak it.
create or replace function private.local_time(p_at timestamptz) returns timestamp
language sql stable set search_path = '' as $$ select p_at at time zone 'Europe/Warsaw' $$;

revoke all on function private.touch_updated_at()
  from public, anon, authenticated, service_role;

select private.grant_execute('anon, authenticated, service_role',
  'private.local_time(timestamp with time zone)', 'private.sort_key_pl(text)');

-- A refused action: 42501 (insufficient_privilege) with the caller's message unless p_allowed
-- (a null p_allowed refuses nothing, as a plain `if not ...` would). RLS refusing an update shows
-- as no row returned, so callers pass `v_id is not null`, or a role check.
create or replace function private.refuse_unless(p_allowed boolean, p_message text)
returns void language plpgsql stable set search_path = '' as $$
begin
  if not p_allowed then
    raise exception using errcode = '42501', message = p_message;
  end if;
end
$$;

-- The answer of a write that RLS may refuse: p_answer, or 42501 with p_message unless p_allowed
-- (private.refuse_unless). An UPDATE that RLS refuses changes no row, so a SQL function passes
-- whether its data-modifying CTE returned one.
create or replace function private.answer_unless_refused(p_allowed boolean, p_message text, p_answer json)
returns json language plpgsql stable set search_path = '' as $$
begin
  perform private.refuse_unless(p_allowed, p_message);
  return p_answer;
end
$$;

select private.grant_execute('anon, authenticated, service_role',
  'private.refuse_unless(boolean,text)', 'private.answer_unless_refused(boolean,text,json)');

-- Policies of the migrations, for a table staff edit and the public reads in part: anon reads
-- the rows where p_public holds, authenticated those and all rows when staff, and editors insert,
-- update and delete (RLS is what refuses council and residents).
create or replace function private.create_editor_policies(p_table text, p_public text)
returns void language plpgsql set search_path = '' as $$
begin
  execute format('create policy %I on public.%I for select to anon using (%s)',
    p_table || '_read_anon', p_table, p_public);
  execute format('create policy %I on public.%I for select to authenticated using (%s or (select private.is_staff()))',
    p_table || '_read', p_table, p_public);
  execute format('create policy %I on public.%I for insert to authenticated with check ((select private.is_editor()))',
    p_table || '_insert', p_table);
  execute format('create policy %I on public.%I for update to authenticated '
    'using ((select private.is_editor())) with check ((select private.is_editor()))', p_table || '_update', p_table);
  execute format('create policy %I on public.%I for delete to authenticated using ((select private.is_editor()))',
    p_table || '_delete', p_table);
end
$$;

revoke all on function private.create_editor_policies(text,text)
  from public, anon, authenticated, service_role;

-- A link table of the migrations (many-to-many): public.<p_table> with the columns p_left and
-- p_right, each a not-null reference to the id of its table, of that id's type, deleted with
-- either side; the pair is the primary key, and an index on p_right serves lookups from that side
-- (the primary key serves p_left) and the foreign key's deletes.
create or replace function private.create_link_table(p_table text, p_left text, p_left_table regclass,
  p_right text, p_right_table regclass, p_comment text)
returns void language plpgsql set search_path = '' as $$
declare
  v_types text[];
begin
  select array_agg(pg_catalog.format_type(a.atttypid, a.atttypmod) order by t.ord) into v_types
  from unnest(array[p_left_table, p_right_table]) with ordinality as t(rel, ord)
  join pg_catalog.pg_attribute a on a.attrelid = t.rel and a.attname = 'id';
  execute format('create table public.%1$I (%2$I %3$s not null references %4$s (id) on delete cascade, '
    '%5$I %6$s not null references %7$s (id) on delete cascade, primary key (%2$I, %5$I))',
    p_table, p_left, v_types[1], p_left_table, p_right, v_types[2], p_right_table);
  execute format('comment on table public.%I is %L', p_table, p_comment);
  execute format('create index %I on public.%I (%I)',
    p_table || '_' || regexp_replace(p_right, '_id$', '') || '_idx', p_table, p_right);
end
$$;

revoke all on function private.create_link_table(text,text,regclass,text,regclass,text)
  from public, anon, authenticated, service_role;

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.fold(text) is 'Lower case without Polish diacritics and punctuation, for search and slugs.';
comment on function private.slugify(text) is 'URL slug of a name: private.fold with hyphens.';
comment on function private.sort_key_pl(text) is 'Sort key of Polish alphabetical order (CLDR pl), the same on every backend: ORDER BY it for place names.';
comment on function private.touch_updated_at() is 'Trigger: sets updated_at to now() on every update.';
comment on function private.local_time(timestamp with time zone) is 'A moment as wall-clock time in Europe/Warsaw.';
comment on function private.refuse_unless(boolean,text) is 'Raises 42501 with the given message unless the action is allowed.';
comment on function private.answer_unless_refused(boolean,text,json) is 'The answer of a write, or 42501 when RLS refused it.';
comment on function private.create_editor_policies(text,text) is 'Migrations only: the read and editor-write policies of a staff-edited table.';
comment on function private.create_link_table(text,text,regclass,text,regclass,text) is 'Migrations only: a many-to-many link table with its primary key and index.';
comment on function private.grant_execute(text,regprocedure[]) is 'Migrations only: revokes all on functions, then grants EXECUTE to the given roles.';
