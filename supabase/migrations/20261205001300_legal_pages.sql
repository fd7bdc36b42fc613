-- Legal pages: the accessibility statement ("Deklaracja dostępności"), the privacy notice
-- ("Klauzula informacyjna RODO") and the moderation rules, in Polish and English. Everyone reads
-- them; only admins edit them (/panel/strony). The set of pages is fixed, so admins update rows
-- and nobody inserts or deletes through the API. Every edit is audited. The default contents are
-- seed data (data/regions/<slug>/legal/), inserted only where a page is missing.

create table public.legal_pages (
  id uuid primary key default gen_random_uuid(),
  slug text not null check (slug in ('deklaracja-dostepnosci', 'rodo', 'zasady-moderacji')),
  locale text not null check (locale in ('pl', 'en')),
  title text not null check (char_length(btrim(title)) between 3 and 200),
  body text not null check (char_length(body) between 1 and 50000),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  unique (slug, locale)
);
comment on table public.legal_pages is 'Accessibility statement, privacy notice and moderation rules, in Polish and English.';

select private.lock_table('public.legal_pages');
grant select (id, slug, locale, title, body, updated_at) on public.legal_pages to anon;
grant select (id, slug, locale, title, body, updated_at) on public.legal_pages to authenticated;
grant update (title, body) on public.legal_pages to authenticated;

create policy legal_pages_read on public.legal_pages for select to anon, authenticated using (true);
create policy legal_pages_update on public.legal_pages for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));

-- "Last updated" on the public page and the editor in the audit log come from the database,
-- not from the form.
create or replace function private.legal_pages_stamp() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  new.updated_by := auth.uid();
  return new;
end
$$;

create trigger legal_pages_stamp before update on public.legal_pages
  for each row execute function private.legal_pages_stamp();

create trigger legal_pages_audit after insert or update or delete on public.legal_pages
  for each row execute function private.audit_row();

revoke all on function private.legal_pages_stamp()
  from public, anon, authenticated, service_role;

-- What each function is for (shown by \df+ and in supabase/schema.sql).
comment on function private.legal_pages_stamp() is 'Trigger: stamps the time and editor of a legal page change.';
