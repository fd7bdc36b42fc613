import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import FollowForm from './FollowForm.svelte';

// `props:` spelled out: `intro` is also one of Svelte's mount options.
const base = { idPrefix: 'digest', intro: 'Dostawaj zmiany e-mailem.', submit: 'Obserwuj' };

describe('FollowForm', () => {
	it('asks for the e-mail address after the page’s own fields, with a honeypot and the privacy link', () => {
		const children = createRawSnippet(() => ({
			render: () => '<label>Wieś <select name="wies"></select></label>'
		}));
		const { container } = render(FollowForm, { props: { ...base, form: null, children } });
		const form = container.querySelector('form');
		expect(form?.getAttribute('method')).toBe('POST');
		const names = [...(form?.querySelectorAll('[name]') ?? [])].map((e) => e.getAttribute('name'));
		expect(names.slice(0, 2)).toEqual(['wies', 'email']);
		const email = container.querySelector('input[name="email"]');
		expect(email?.id).toBe('digest-email');
		expect(email?.getAttribute('type')).toBe('email');
		expect(container.querySelector('#digest-website')).not.toBeNull();
		expect(screen.getByRole('button', { name: 'Obserwuj' })).toBeTruthy();
		expect(container.querySelector('a[href$="/rodo"]')).not.toBeNull();
		expect(screen.queryByRole('status')).toBeNull();
	});

	it('after a refusal keeps what was typed and links the error to its field', () => {
		const form = {
			values: { email: 'zly-adres' },
			errors: { email: 'Podaj poprawny adres e-mail.' },
			message: ''
		};
		const { container } = render(FollowForm, { props: { ...base, form } });
		const email = container.querySelector<HTMLInputElement>('input[name="email"]');
		expect(email?.value).toBe('zly-adres');
		expect(email?.getAttribute('aria-invalid')).toBe('true');
		const link = screen.getByRole('link', { name: 'Podaj poprawny adres e-mail.' });
		expect(link.getAttribute('href')).toBe('#digest-email');
	});

	it('once the link is sent, says so as a status instead of the form', () => {
		const { container } = render(FollowForm, { props: { ...base, form: { requested: true } } });
		expect(screen.getByRole('status')).toBeTruthy();
		expect(container.querySelector('form')).toBeNull();
	});
});
