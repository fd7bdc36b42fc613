-- Legal pages: the accessibility statement ("Deklaracja dostępności"), the
-- privacy notice ("Klauzula informacyjna RODO") and the moderation rules, in Polish and English.
-- Everyone reads them; only admins edit them (/panel/strony). The set of pages is fixed, so
-- admins update rows and nobody inserts or deletes through the API. Every edit is audited.

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

alter table public.legal_pages enable row level security;
revoke all on public.legal_pages from anon, authenticated;
-- Who edited a page is for admins (the audit log), not for the public page.
grant select (id, slug, locale, title, body, updated_at) on public.legal_pages to anon;
grant select on public.legal_pages to authenticated;
grant update (title, body) on public.legal_pages to authenticated;
create policy legal_pages_read on public.legal_pages for select to anon, authenticated
  using (true);
create policy legal_pages_update on public.legal_pages for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));

-- "Last updated" on the public page and the editor in the audit log come from the database,
-- not from the form.
create or replace function private.legal_pages_stamp() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  new.updated_by := auth.uid();
  return new;
end
$$;
revoke all on function private.legal_pages_stamp() from public;

create trigger legal_pages_stamp before update on public.legal_pages
  for each row execute function private.legal_pages_stamp();
create trigger legal_pages_audit after insert or update or delete on public.legal_pages
  for each row execute function private.audit_row();

-- Default contents. They state only what this application does; facts only the administrator
-- knows are marked "[do uzupełnienia przez administratora]" / "[to be completed by the
-- administrator]". Format (src/lib/legal/blocks.ts): "## " heading, "- " list item, blank line
-- between paragraphs.
insert into public.legal_pages (slug, locale, title, body) values
('deklaracja-dostepnosci', 'pl', 'Deklaracja dostępności', $txt$Centrum Usług Społecznych w Kramsku zobowiązuje się zapewnić dostępność cyfrową aplikacji internetowej „Mapa Zasobów i Potrzeb” zgodnie z ustawą z dnia 4 kwietnia 2019 r. o dostępności cyfrowej stron internetowych i aplikacji mobilnych podmiotów publicznych.

Deklaracja dotyczy aplikacji „Mapa Zasobów i Potrzeb” Gminy Kramsk, dostępnej pod adresem: [do uzupełnienia przez administratora].

## Dane podmiotu
- Nazwa: Centrum Usług Społecznych w Kramsku
- Adres: [do uzupełnienia przez administratora]

## Daty publikacji i aktualizacji
- Data publikacji aplikacji: [do uzupełnienia przez administratora]
- Data ostatniej istotnej aktualizacji: [do uzupełnienia przez administratora]

## Stan dostępności cyfrowej
Aplikacja jest częściowo zgodna z ustawą o dostępności cyfrowej stron internetowych i aplikacji mobilnych podmiotów publicznych (standard WCAG 2.1 na poziomie AA) z powodu niezgodności i wyłączeń wymienionych poniżej.

## Treści niedostępne
- Mapa: obraz mapy podkładowej (nazwy ulic, budynki) nie jest dostępny dla czytników ekranu. Wszystkie obiekty pokazane na mapie (zasoby, zgłoszenia, miejscowości, działania) są dostępne także w listach obsługiwanych klawiaturą, a miejsce zgłoszenia można wskazać przez wyszukanie adresu.
- Zdjęcia dodane przez mieszkańców nie mają opisów alternatywnych innych niż tytuł zgłoszenia.
- Treści zgłoszeń piszą mieszkańcy; organizator sprawdza je przed publikacją, ale mogą być niejasne lub zawierać skróty.
- Pliki do pobrania (na przykład dokumenty PDF i eksporty danych) mogą nie być w pełni dostępne.

## Ułatwienia w aplikacji
- link „Przejdź do treści” na początku każdej strony;
- wersja polska i angielska każdej strony;
- obsługa wszystkich funkcji z klawiatury, także wskazywania miejsca na mapie;
- formularze działają również bez JavaScriptu, a błędy są ogłaszane czytnikom ekranu.

## Przygotowanie deklaracji dostępności
- Deklarację sporządzono dnia: [do uzupełnienia przez administratora]
- Deklarację sporządzono na podstawie samooceny przeprowadzonej przez podmiot publiczny. Każda strona aplikacji jest automatycznie sprawdzana narzędziem axe w wersji polskiej i angielskiej.
- Deklarację poddano ostatniemu przeglądowi dnia: [do uzupełnienia przez administratora]

## Informacje zwrotne i dane kontaktowe
W przypadku problemów z dostępnością aplikacji prosimy o kontakt. Osobą kontaktową jest [do uzupełnienia przez administratora], adres e-mail: [do uzupełnienia przez administratora], telefon: [do uzupełnienia przez administratora]. Tą samą drogą można składać wnioski o udostępnienie informacji niedostępnej oraz żądania zapewnienia dostępności cyfrowej.

Każdy ma prawo zażądać zapewnienia dostępności cyfrowej aplikacji lub jej elementu albo zapewnienia dostępu alternatywnego. Żądanie powinno zawierać dane osoby zgłaszającej, wskazanie, o którą stronę lub element chodzi, oraz sposób kontaktu. Jeżeli osoba żądająca zgłasza potrzebę otrzymania informacji w formie alternatywnej, powinna także określić dogodną dla niej formę.

Podmiot publiczny realizuje żądanie niezwłocznie, nie później niż w ciągu 7 dni od dnia jego wystąpienia. Jeżeli dotrzymanie tego terminu nie jest możliwe, niezwłocznie informuje o tym, kiedy realizacja żądania będzie możliwa; termin ten nie może być dłuższy niż 2 miesiące. Jeżeli zapewnienie dostępności cyfrowej nie jest możliwe, podmiot publiczny może zaproponować alternatywny sposób dostępu do informacji.

## Procedura odwoławcza
W przypadku odmowy realizacji żądania zapewnienia dostępności cyfrowej lub alternatywnego sposobu dostępu można złożyć skargę na takie działanie do Centrum Usług Społecznych w Kramsku. Po wyczerpaniu tej procedury można także złożyć wniosek do Rzecznika Praw Obywatelskich (https://bip.brpo.gov.pl).

## Dostępność architektoniczna
Opis dostępności architektonicznej siedziby Centrum Usług Społecznych w Kramsku (wejścia, windy, toalety, miejsca parkingowe dla osób z niepełnosprawnościami, pętle indukcyjne, wstęp z psem asystującym, tłumacz języka migowego): [do uzupełnienia przez administratora].

## Aplikacje mobilne
Mapa Zasobów i Potrzeb jest aplikacją internetową; działa w przeglądarce telefonu i nie ma osobnej aplikacji mobilnej.$txt$),
('deklaracja-dostepnosci', 'en', 'Accessibility statement', $txt$The Social Services Centre in Kramsk (Centrum Usług Społecznych w Kramsku) is committed to making the web application "Map of Resources and Needs" accessible, in accordance with the Polish Act of 4 April 2019 on the digital accessibility of websites and mobile applications of public sector bodies.

This statement applies to the "Map of Resources and Needs" application of Gmina Kramsk, available at: [to be completed by the administrator].

## Entity
- Name: Social Services Centre in Kramsk (Centrum Usług Społecznych w Kramsku)
- Address: [to be completed by the administrator]

## Dates of publication and update
- Date of publication of the application: [to be completed by the administrator]
- Date of the last significant update: [to be completed by the administrator]

## Compliance status
The application is partially compliant with the Act on digital accessibility (WCAG 2.1 level AA) due to the non-compliances and exemptions listed below.

## Non-accessible content
- Map: the base map image (street names, buildings) is not available to screen readers. Every object shown on the map (resources, reports, villages, activities) is also available in keyboard-operable lists, and the place of a report can be chosen by searching for an address.
- Photos added by residents have no text alternative other than the title of the report.
- Reports are written by residents; an organizer reviews them before publication, but they may be unclear or contain abbreviations.
- Downloadable files (for example PDF documents and data exports) may not be fully accessible.

## Accessibility features
- a "Skip to content" link at the start of every page;
- a Polish and an English version of every page;
- every function works with the keyboard, including choosing a place on the map;
- forms also work without JavaScript, and errors are announced to screen readers.

## Preparation of this statement
- This statement was prepared on: [to be completed by the administrator]
- The statement is based on a self-assessment carried out by the public body. Every page of the application is checked automatically with the axe tool in Polish and in English.
- The statement was last reviewed on: [to be completed by the administrator]

## Feedback and contact information
If you have problems with the accessibility of the application, please contact us. The contact person is [to be completed by the administrator], e-mail: [to be completed by the administrator], phone: [to be completed by the administrator]. The same channel can be used to request information in an accessible form and to demand digital accessibility.

Everyone has the right to demand that the application or an element of it be made accessible, or that alternative access be provided. The request should include the requester's details, the page or element concerned and a way of contacting the requester. If the requester needs the information in an alternative form, they should say which form suits them.

The public body handles the request without delay and no later than 7 days after receiving it. If this is not possible, it says without delay when the request will be handled; this may not be later than 2 months. If digital accessibility cannot be provided, the public body may offer an alternative way of accessing the information.

## Enforcement procedure
If a request for digital accessibility or for alternative access is refused, a complaint can be made to the Social Services Centre in Kramsk. After this procedure has been exhausted, an application can also be made to the Polish Ombudsman (Rzecznik Praw Obywatelskich, https://bip.brpo.gov.pl).

## Architectural accessibility
Description of the accessibility of the premises of the Social Services Centre in Kramsk (entrances, lifts, toilets, parking for people with disabilities, induction loops, assistance dogs, sign language interpreting): [to be completed by the administrator].

## Mobile applications
The Map of Resources and Needs is a web application; it works in a phone's browser and there is no separate mobile app.$txt$);
insert into public.legal_pages (slug, locale, title, body) values
('rodo', 'pl', 'Ochrona danych osobowych (RODO)', $txt$Ta strona wyjaśnia, jakie dane osobowe zbiera aplikacja „Mapa Zasobów i Potrzeb” Centrum Usług Społecznych w Kramsku, po co i na jakiej podstawie (art. 13 RODO — rozporządzenia Parlamentu Europejskiego i Rady (UE) 2016/679).

## Administrator danych
Administratorem danych jest Centrum Usług Społecznych w Kramsku, adres: [do uzupełnienia przez administratora]. Inspektor ochrony danych: [do uzupełnienia przez administratora], e-mail: [do uzupełnienia przez administratora].

## Jakie dane przechowuje aplikacja
- Zgłoszenie potrzeby lub pomysłu: wskazane miejsce, rodzaj, kategoria, tytuł, opis i opcjonalne zdjęcie. Zdjęcie zapisujemy ponownie zakodowane i bez metadanych EXIF (także bez lokalizacji GPS aparatu). Zgłoszenie staje się publiczne dopiero po sprawdzeniu przez organizatora.
- Dane kontaktowe: adres e-mail lub numer telefonu podajesz dobrowolnie. Przechowujemy go oddzielnie od zgłoszenia razem z treścią udzielonej zgody, nigdy go nie publikujemy i używamy wyłącznie do kontaktu w sprawie tego zgłoszenia.
- Wiadomości o zmianie statusu: jeśli podasz adres e-mail, wysyłamy na niego informacje o zmianach statusu zgłoszenia. Wiadomości czekają w kolejce poczty, którą widzą tylko administratorzy. Po wypisaniu się zapamiętujemy tylko skrót adresu, aby nie pisać ponownie.
- Identyfikator przeglądarki: aby jedna przeglądarka mogła poprzeć zgłoszenie lub zgłosić nadużycie tylko raz, zapisujemy w niej losowy identyfikator (plik cookie). W bazie przechowujemy tylko jego skrót, bez związku z Twoją tożsamością.
- Adres IP: służy wyłącznie do ograniczania liczby zgłoszeń i nadużyć; zapisujemy tylko jego skrót, na krótki czas.
- Zapisy na wolontariat przy działaniach: imię i kontakt, widoczne tylko dla organizatorów.
- Konta pracowników: adres e-mail, skrót hasła, sesje logowania (tylko skrót tokenu) oraz dziennik zmian, który zapisuje, kto i kiedy zmienił dane.

## Cele i podstawy prawne przetwarzania (art. 6 RODO)
- Kontakt w sprawie zgłoszenia i wiadomości o statusie — Twoja zgoda (art. 6 ust. 1 lit. a RODO), którą możesz w każdej chwili wycofać; wycofanie nie wpływa na zgodność z prawem przetwarzania przed wycofaniem.
- Zbieranie i rozpatrywanie zgłoszeń, diagnoza potrzeb i zasobów wspólnoty lokalnej, planowanie działań — wykonanie zadania realizowanego w interesie publicznym (art. 6 ust. 1 lit. e RODO).
- Ochrona przed nadużyciami (skróty identyfikatora przeglądarki i adresu IP) oraz dziennik zmian — art. 6 ust. 1 lit. e RODO.
- Zapisy na wolontariat — Twoja zgoda (art. 6 ust. 1 lit. a RODO).

## Odbiorcy danych
Dane kontaktowe widzą wyłącznie upoważnieni pracownicy Centrum Usług Społecznych (organizatorzy i administratorzy); radni mają dostęp tylko do odczytu, bez danych kontaktowych. Dane mogą być powierzane podmiotom przetwarzającym, które obsługują serwer i pocztę: [do uzupełnienia przez administratora]. Dane nie są przekazywane do państw trzecich, chyba że wskazano inaczej: [do uzupełnienia przez administratora].

## Okres przechowywania
- Dane kontaktowe: do wycofania zgody albo do zakończenia sprawy zgłoszenia, nie dłużej niż [do uzupełnienia przez administratora].
- Zgłoszenia i ich historia: przez okres wynikający z przepisów o archiwizacji: [do uzupełnienia przez administratora].
- Skróty adresów IP: krótko, na potrzeby ograniczania liczby zgłoszeń.

## Twoje prawa
Masz prawo dostępu do swoich danych, ich sprostowania, usunięcia lub ograniczenia przetwarzania, prawo sprzeciwu wobec przetwarzania opartego na art. 6 ust. 1 lit. e RODO oraz prawo wycofania zgody w dowolnym momencie. Z wiadomości o statusie możesz wypisać się jednym kliknięciem linku w wiadomości.

## Skarga do organu nadzorczego
Masz prawo wnieść skargę do Prezesa Urzędu Ochrony Danych Osobowych (ul. Stawki 2, 00-193 Warszawa), jeśli uznasz, że przetwarzanie Twoich danych narusza RODO.

## Dobrowolność i decyzje zautomatyzowane
Podanie danych kontaktowych jest dobrowolne; zgłoszenie można wysłać bez nich. Nie podejmujemy decyzji w sposób zautomatyzowany i nie profilujemy. Zgłoszenie, które zostało zgłoszone jako nadużycie z trzech przeglądarek, jest tylko tymczasowo ukrywane do sprawdzenia przez organizatora.$txt$),
('rodo', 'en', 'Personal data protection (GDPR)', $txt$This page explains which personal data the "Map of Resources and Needs" application of the Social Services Centre in Kramsk collects, why, and on what legal basis (Article 13 of the GDPR, Regulation (EU) 2016/679).

## Controller
The controller is the Social Services Centre in Kramsk (Centrum Usług Społecznych w Kramsku), address: [to be completed by the administrator]. Data protection officer: [to be completed by the administrator], e-mail: [to be completed by the administrator].

## What the application stores
- A report of a need or an idea: the place, type, category, title, description and an optional photo. The photo is stored re-encoded and without EXIF metadata (also without the camera's GPS location). A report becomes public only after an organizer has reviewed it.
- Contact details: giving an e-mail address or phone number is voluntary. We keep it separately from the report, together with the text of your consent; we never publish it and use it only to contact you about that report.
- Status messages: if you give an e-mail address, we send you the status changes of your report. Messages wait in a mail queue that only administrators can see. After you unsubscribe we keep only a hash of the address, so that we do not write again.
- Browser identifier: so that one browser can support a report or report abuse only once, we store a random identifier in it (a cookie). The database keeps only its hash, with no link to your identity.
- IP address: used only to limit the number of reports and abuse; we store only its hash, for a short time.
- Volunteer sign-ups for activities: name and contact, visible only to organizers.
- Staff accounts: e-mail address, password hash, sign-in sessions (only a hash of the token) and an audit log that records who changed which data and when.

## Purposes and legal basis (Article 6 GDPR)
- Contacting you about your report and status messages — your consent (Article 6(1)(a) GDPR), which you may withdraw at any time; withdrawal does not affect the lawfulness of processing before it.
- Collecting and handling reports, the diagnosis of the local community's needs and resources, planning activities — a task carried out in the public interest (Article 6(1)(e) GDPR).
- Protection against abuse (hashes of the browser identifier and the IP address) and the audit log — Article 6(1)(e) GDPR.
- Volunteer sign-ups — your consent (Article 6(1)(a) GDPR).

## Recipients
Contact details are seen only by authorised staff of the Social Services Centre (organizers and administrators); council members have read-only access without contact details. Data may be entrusted to processors operating the server and e-mail: [to be completed by the administrator]. Data are not transferred to third countries unless stated otherwise: [to be completed by the administrator].

## Retention
- Contact details: until you withdraw consent or the report is closed, no longer than [to be completed by the administrator].
- Reports and their history: for the period required by archiving rules: [to be completed by the administrator].
- IP address hashes: briefly, to limit the number of reports.

## Your rights
You have the right of access to your data, to rectification, erasure or restriction of processing, the right to object to processing based on Article 6(1)(e) GDPR and the right to withdraw consent at any time. You can unsubscribe from status messages with one click on the link in each message.

## Complaint to the supervisory authority
You have the right to lodge a complaint with the President of the Personal Data Protection Office (Prezes Urzędu Ochrony Danych Osobowych, ul. Stawki 2, 00-193 Warsaw) if you consider that the processing of your data infringes the GDPR.

## Voluntary data and automated decisions
Giving contact details is voluntary; a report can be sent without them. We make no automated decisions and do no profiling. A report flagged as abuse from three browsers is only hidden temporarily until an organizer reviews it.$txt$);
insert into public.legal_pages (slug, locale, title, body) values
('zasady-moderacji', 'pl', 'Zasady moderacji zgłoszeń', $txt$Każde zgłoszenie mieszkańca sprawdza organizator z Centrum Usług Społecznych w Kramsku, zanim pojawi się na mapie. Ta strona opisuje, jak to robimy.

## Statusy zgłoszenia
- Nowe — czeka na sprawdzenie; nie jest publiczne.
- Opublikowane — widoczne na mapie; inni mieszkańcy mogą je poprzeć.
- W analizie — organizator sprawdza, co można zrobić.
- Zaplanowane — działanie w tej sprawie jest zaplanowane.
- W realizacji — sprawa jest w trakcie realizacji.
- Zrealizowane — sprawa została załatwiona.
- Odrzucone — zgłoszenie nie będzie realizowane.
- Połączone z innym zgłoszeniem — to samo zgłosił już ktoś inny.

Zgłoszenie przechodzi przez te statusy po kolei; organizator może pominąć kolejne kroki. Status zgłoszenia i jego historię widzisz na stronie statusu, do której link dostajesz po wysłaniu zgłoszenia.

## Odrzucenie zgłoszenia
Zgłoszenie może zostać odrzucone, dopóki nie rozpoczęto jego realizacji. Organizator zawsze podaje powód, który zgłaszający widzi na stronie statusu. Najczęstsze powody to:
- zgłoszenie zawiera dane osobowe, których nie da się usunąć bez zmiany sensu;
- treść jest obraźliwa, jest reklamą lub spamem;
- sprawa dotyczy miejsca poza gminą Kramsk albo nie dotyczy zasobów i potrzeb społeczności lokalnej.
Odrzucone zgłoszenie może zostać ponownie otwarte do sprawdzenia.

## Zgłaszanie nadużyć
Przy każdym opublikowanym zgłoszeniu jest przycisk „Zgłoś nadużycie” (spam, dane osobowe, treści obraźliwe, inne). Jedna przeglądarka może zgłosić dane zgłoszenie tylko raz. Gdy nadużycie zgłoszą trzy różne przeglądarki, zgłoszenie jest automatycznie ukrywane, dopóki organizator go nie sprawdzi. Organizator może je przywrócić — wtedy ponowne ukrycie wymaga trzech nowych zgłoszeń nadużycia. Organizator może też sam ukryć zgłoszenie.

## Duplikaty
Jeśli dwa zgłoszenia dotyczą tej samej sprawy, organizator łączy je w jedno. Połączone zgłoszenie dostaje status „Połączone z innym zgłoszeniem”, a jego poparcia przechodzą do zgłoszenia, które zostaje (poparcie z tej samej przeglądarki liczy się raz). Strona statusu połączonego zgłoszenia prowadzi do zgłoszenia, które zostało.

## Ochrona prywatności
Organizator usuwa z tytułu i opisu dane osobowe (na przykład nazwiska, numery telefonów, adresy). Poprzednia treść zostaje tylko w dzienniku zmian, który widzą administratorzy. Dane kontaktowe zgłaszającego nigdy nie są publikowane.

## Zdjęcia
Zdjęcia są pozbawiane metadanych (także lokalizacji GPS) już przy zapisie. Organizator ogląda zdjęcie przed publikacją i może je ukryć, na przykład gdy widać na nim twarze, tablice rejestracyjne lub dane osobowe.

## Notatki organizatora
Przy zmianie statusu organizator może dodać notatkę. Notatka publiczna jest widoczna w historii zgłoszenia; notatka wewnętrzna jest widoczna tylko dla pracowników. Radni mogą przeglądać zgłoszenia, ale ich nie moderują.

## Dziennik zmian
Każda zmiana zgłoszenia jest zapisywana w dzienniku zmian: kto, kiedy i co zmienił.$txt$),
('zasady-moderacji', 'en', 'How reports are moderated', $txt$Every report by a resident is reviewed by an organizer of the Social Services Centre in Kramsk before it appears on the map. This page explains how.

## Report statuses
- New — waiting for review; not public.
- Published — visible on the map; other residents can support it.
- Under review — an organizer is checking what can be done.
- Planned — an activity on this matter is planned.
- In progress — the matter is being dealt with.
- Done — the matter has been resolved.
- Rejected — the report will not be taken forward.
- Merged with another report — someone else has already reported the same thing.

A report moves through these statuses in order; an organizer may skip steps forward. You can see the status of your report and its history on the status page linked after you send it.

## Rejection
A report can be rejected until work on it has started. The organizer always gives a reason, which the reporter sees on the status page. The most common reasons are:
- the report contains personal data that cannot be removed without changing its meaning;
- the content is offensive, advertising or spam;
- the matter concerns a place outside Gmina Kramsk or is not about the resources and needs of the local community.
A rejected report can be reopened for review.

## Reporting abuse
Every published report has a "Report abuse" button (spam, personal data, offensive content, other). One browser can report a given report only once. When three different browsers have reported abuse, the report is hidden automatically until an organizer has reviewed it. The organizer may restore it — it then takes three new abuse reports to hide it again. An organizer may also hide a report.

## Duplicates
If two reports are about the same matter, an organizer merges them. The merged report gets the status "Merged with another report" and its supports move to the report that is kept (a support from the same browser counts once). The status page of the merged report links to the report that is kept.

## Privacy
Organizers remove personal data (for example names, phone numbers, addresses) from the title and description. The previous text remains only in the audit log, which administrators can see. The reporter's contact details are never published.

## Photos
Photos are stripped of their metadata (including the GPS location) when they are stored. An organizer looks at the photo before publication and may hide it, for example when faces, number plates or personal data can be seen.

## Organizer notes
With a status change an organizer may add a note. A public note is shown in the report's history; an internal note is visible to staff only. Council members can browse reports but do not moderate them.

## Audit log
Every change to a report is recorded in the audit log: who changed what, and when.$txt$);
