import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import SiteNav from './SiteNav.svelte';

/** The server-rendered header navigation: what a browser without JavaScript gets. */
const html = (pathname: string) => render(SiteNav, { props: { pathname } }).body;

/** The attributes of the first link to `href`, in the given part of the markup. */
function link(markup: string, href: string): string {
	const match = new RegExp(`<a[^>]*href="${href}"[^>]*>`).exec(markup);
	if (!match) throw new Error(`no link to ${href}`);
	return match[0];
}

describe('SiteNav', () => {
	it('is a named navigation with a <details> menu for phones', () => {
		const body = html('/');
		expect(body).toMatch(/<nav class="site-nav[^"]*" aria-label="Główne"/);
		expect(body).toMatch(/<details class="menu[^"]*"><summary[^>]*>Menu<\/summary>/);
		expect(body).not.toMatch(/<details[^>]* open/);
	});

	it('lists the sections; the projector mode only among the wide-screen links', () => {
		const body = html('/');
		const [menu, wide] = body.split('<div class="links');
		for (const href of ['/', '/dzialania', '/siec', '/diagnoza']) {
			expect(link(menu, href)).toBeTruthy();
			expect(link(wide, href)).toBeTruthy();
		}
		expect(menu).not.toContain('href="/prezentacja"');
		expect(link(wide, '/prezentacja')).toBeTruthy();
		expect(link(body, '/zglos')).toContain('report-link');
	});

	it('marks the current page, and its section on a page under it', () => {
		expect(link(html('/'), '/')).toContain('aria-current="page"');
		expect(link(html('/'), '/dzialania')).not.toContain('aria-current');
		expect(link(html('/diagnoza'), '/diagnoza')).toContain('aria-current="page"');
		expect(link(html('/diagnoza'), '/')).not.toContain('aria-current');
		expect(link(html('/dzialania/12'), '/dzialania')).toContain('aria-current="true"');
		expect(link(html('/zglos'), '/zglos')).toContain('aria-current="page"');
	});
});
