import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { NeedListItem } from '$lib/types';
import { needLink } from '$lib/needs/links';
import LinkList from './LinkList.svelte';

const need: NeedListItem = {
	ref: 'KR-2026-0042',
	kind: 'idea',
	title: 'Ławki <przy> stawie',
	category: 'drogi',
	category_label: 'Drogi i chodniki',
	status: 'done',
	support_count: 3,
	locality: 'Kramsk',
	locality_slug: 'kramsk'
};

const html = (needs: NeedListItem[]) =>
	render(LinkList, {
		props: {
			id: 'latest',
			heading: 'Najnowsze',
			empty: 'Brak.',
			links: needs.map((n) => needLink(n, []))
		}
	}).body;

describe('LinkList of needs (needLink)', () => {
	it('links each need to its public page, its title escaped', () => {
		const body = html([need]);
		expect(body).toMatch(/<section[^>]*aria-labelledby="latest"/);
		expect(body).toContain('<a class="title');
		expect(body).toContain('href="/potrzeby/KR-2026-0042"');
		expect(body).toContain('Ławki &lt;przy> stawie');
		expect(body).toContain('Pomysł KR-2026-0042 · Drogi i chodniki · Kramsk · Zrealizowane');
	});

	it('says so when there is nothing to list', () => {
		const body = html([]);
		expect(body).toContain('Brak.');
		expect(body).not.toContain('<ul');
	});
});
