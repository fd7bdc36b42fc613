import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ErrorSummary from './ErrorSummary.svelte';

/** Svelte's effects and the focus they queue have run. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ErrorSummary', () => {
	it('shows nothing while there are no errors and no message', () => {
		render(ErrorSummary, { heading: 'Nie zapisano zasobu', errors: { name: undefined } });
		expect(screen.queryByRole('alert')).toBeNull();
	});

	it('names the form in its heading and links each error to its field', () => {
		render(ErrorSummary, {
			props: {
				heading: 'Nie zapisano zasobu',
				errors: { name: 'Podaj nazwę.', lat: 'Podaj szerokość.', description: '' },
				target: (field: string) => `res-${field}`
			}
		});
		const alert = screen.getByRole('alert');
		const heading = screen.getByRole('heading', { name: 'Nie zapisano zasobu' });
		expect(alert.getAttribute('aria-labelledby')).toBe(heading.id);
		const links = screen.getAllByRole('link');
		expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
			['Podaj nazwę.', '#res-name'],
			['Podaj szerokość.', '#res-lat']
		]);
	});

	it('says the server message, and leaves out the fields it is told to skip', () => {
		render(ErrorSummary, {
			heading: 'Nie zalogowano',
			errors: { form: 'Nieprawidłowy e-mail lub hasło.' },
			message: 'Nieprawidłowy e-mail lub hasło.',
			skip: ['form']
		});
		expect(screen.getByRole('alert').textContent).toContain('Nieprawidłowy e-mail lub hasło.');
		expect(screen.queryAllByRole('link')).toHaveLength(0);
	});

	it('takes focus when it appears and again after every failed submit', async () => {
		const { rerender } = render(ErrorSummary, {
			heading: 'Nie wysłano zgłoszenia',
			errors: {} as Record<string, string>
		});
		const outside = document.createElement('button');
		document.body.append(outside);

		await rerender({ errors: { title: 'Podaj tytuł.' } });
		await settled();
		const alert = screen.getByRole('alert');
		expect(document.activeElement).toBe(alert);

		outside.focus();
		await rerender({ errors: { title: 'Podaj tytuł.', place: 'Wskaż miejsce.' } });
		await settled();
		expect(document.activeElement).toBe(alert);
		outside.remove();
	});

	it('leaves focus alone when it appears without autofocus and the attempt stays the same', async () => {
		const { rerender } = render(ErrorSummary, {
			heading: 'Nie wysłano zgłoszenia',
			errors: {} as Record<string, string>,
			attempt: 0,
			autofocus: false
		});
		const outside = document.createElement('input');
		document.body.append(outside);
		outside.focus();
		await rerender({ errors: { photo: 'Za duży plik.' } });
		await settled();
		expect(document.activeElement).toBe(outside);
		await rerender({ attempt: 1 });
		await settled();
		expect(document.activeElement).toBe(screen.getByRole('alert'));
		outside.remove();
	});

	it('clears a message that no longer applies', async () => {
		const { rerender } = render(ErrorSummary, {
			heading: 'Nie zapisano zasobu',
			errors: { name: 'Podaj nazwę.' }
		});
		expect(screen.getByRole('link', { name: 'Podaj nazwę.' })).toBeTruthy();
		await rerender({ errors: { name: undefined } });
		expect(screen.queryByRole('alert')).toBeNull();
	});

	it('moves focus to the field when its link is followed', async () => {
		const input = document.createElement('input');
		input.id = 'title';
		document.body.append(input);
		render(ErrorSummary, { heading: 'Nie wysłano zgłoszenia', errors: { title: 'Podaj tytuł.' } });
		screen.getByRole('link', { name: 'Podaj tytuł.' }).click();
		await settled();
		expect(document.activeElement).toBe(input);
		input.remove();
	});
});
