import { readFileSync } from 'node:fs';

type Messages = Record<string, string>;
const read = (lang: string): Messages =>
	JSON.parse(readFileSync(new URL(`../../messages/${lang}.json`, import.meta.url), 'utf8'));

/** Shorter fragments ("Nowe", "Tak") could be a village or street name on an English page. */
const MIN_LENGTH = 6;

/**
 * The Polish UI strings that must never show on an English page: every value of
 * messages/pl.json that differs from its English value, cut at placeholders ({x}); fragments
 * that are very short, or that also occur in an English message (proper names such as
 * "Centrum Usług Społecznych"), are left out. A message missing from en.json or copied
 * untranslated therefore fails the English sweep.
 */
export function polishStrings(extra: string[] = []): string[] {
	const pl = read('pl');
	const en = read('en');
	const english = Object.values(en).join('\n');
	const fragments = new Set<string>();
	for (const [key, value] of Object.entries(pl)) {
		if (key.startsWith('$') || typeof value !== 'string' || value === en[key]) continue;
		for (const part of [...value.split(/\{[^}]*\}/), ...extra]) {
			const fragment = part.trim();
			if (fragment.length < MIN_LENGTH || !/\p{L}{3}/u.test(fragment)) continue;
			if (english.includes(fragment)) continue;
			fragments.add(fragment);
		}
	}
	return [...fragments];
}

/** Polish terms English keeps on purpose (administrative units without an English name). */
const KEPT_POLISH = /Sołect|Sołtys/;

/**
 * Keys whose English value is a copy of the Polish one with Polish letters in it: a message
 * left untranslated (polishStrings cannot see those, the two values are equal).
 */
export function untranslatedCopies(): string[] {
	const pl = read('pl');
	const en = read('en');
	return Object.keys(pl).filter(
		(key) =>
			en[key] === pl[key] && /[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/.test(pl[key]) && !KEPT_POLISH.test(pl[key])
	);
}

/**
 * Polish content that is data, not UI: the demo resources and needs (data/demo) and what the
 * tests themselves write. It is removed from a page's text before the check, with e-mail
 * addresses (organizator@…).
 */
export function withoutData(text: string, extra: string[] = []): string {
	const demo = JSON.parse(
		readFileSync(new URL('../../data/demo/kramsk.json', import.meta.url), 'utf8')
	) as {
		resources: { name: string; description: string }[];
		needs: { title: string; description: string }[];
	};
	const data = [
		...demo.resources.flatMap((r) => [r.name, r.description]),
		...demo.needs.flatMap((n) => [n.title, n.description]),
		...extra
	].sort((a, b) => b.length - a.length);
	let out = text.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ');
	for (const value of data) out = out.replaceAll(value, ' ');
	return out;
}

/**
 * The fragments of `list` that occur in `text` (case-sensitive). A fragment of several words
 * counts wherever it stands as whole words; a single word only as a whole line or table cell
 * (a label, heading or button), because the titles other e2e tests give their reports ("Zdjęcie
 * ławki…") are Polish data that may contain such a word.
 */
export function findPolish(text: string, list: string[]): string[] {
	const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const cells = new Set(text.split(/[\n\t]/).map((cell) => cell.trim().replace(/:$/, '')));
	return list.filter((fragment) =>
		/\s/.test(fragment)
			? new RegExp(`(?<![\\p{L}\\p{N}])${escape(fragment)}(?![\\p{L}\\p{N}])`, 'u').test(text)
			: cells.has(fragment)
	);
}
