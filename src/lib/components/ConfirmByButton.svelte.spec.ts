import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import ConfirmByButton from './ConfirmByButton.svelte';

// `props:` spelled out: `intro` is also one of Svelte's mount options.
const props = {
	title: 'Wypisz się',
	id: 'unsubscribe-heading',
	intro: 'Kliknij, aby się wypisać.',
	button: 'Wypisz mnie',
	errorHeading: 'Nie wypisano'
};
const after = createRawSnippet(() => ({ render: () => '<p><a href="/">Strona główna</a></p>' }));

describe('ConfirmByButton', () => {
	it('shows only a button that posts, under a heading naming the section', () => {
		const { container } = render(ConfirmByButton, { props: { ...props, after } });
		const section = container.querySelector('section');
		expect(section?.getAttribute('aria-labelledby')).toBe('unsubscribe-heading');
		expect(screen.getByRole('heading', { level: 1, name: 'Wypisz się' }).id).toBe(
			'unsubscribe-heading'
		);
		expect(container.querySelector('form')?.getAttribute('method')).toBe('POST');
		expect(screen.getByRole('button', { name: 'Wypisz mnie' }).getAttribute('type')).toBe('submit');
		expect(screen.queryByRole('status')).toBeNull();
		expect(screen.queryByRole('link')).toBeNull();
	});

	it('says the server refusal in the error summary, keeping the button', () => {
		render(ConfirmByButton, { props: { ...props, message: 'Link wygasł.' } });
		expect(screen.getByRole('alert').textContent).toContain('Link wygasł.');
		expect(screen.getByRole('button', { name: 'Wypisz mnie' })).toBeTruthy();
	});

	it('once done, announces it as a status and shows the links after it instead of the form', () => {
		const { container } = render(ConfirmByButton, {
			props: { ...props, done: 'Wypisano.', after }
		});
		expect(screen.getByRole('status').textContent).toBe('Wypisano.');
		expect(screen.getByRole('link', { name: 'Strona główna' })).toBeTruthy();
		expect(container.querySelector('form')).toBeNull();
	});
});
