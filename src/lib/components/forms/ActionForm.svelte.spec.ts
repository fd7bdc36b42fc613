import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import ActionForm from './ActionForm.svelte';

describe('ActionForm', () => {
	it("posts the record's id to its action from one named submit button", () => {
		render(ActionForm, {
			action: '?/resend',
			value: 12,
			submit: 'Wyślij ponownie',
			buttonLabel: 'Wyślij ponownie wiadomość 12'
		});
		const button = screen.getByRole('button', { name: 'Wyślij ponownie wiadomość 12' });
		expect(button.getAttribute('type')).toBe('submit');
		expect(button.textContent).toBe('Wyślij ponownie');
		const form = button.closest('form');
		expect(form?.getAttribute('method')).toBe('POST');
		expect(form?.getAttribute('action')).toBe('?/resend');
		expect(Object.fromEntries(new FormData(form ?? undefined))).toEqual({ id: '12' });
	});

	it('names its hidden field, describes its button by the row and holds what goes before it', () => {
		const children = createRawSnippet(() => ({
			render: () => '<label><input type="checkbox" name="confirm" required /> Na pewno</label>'
		}));
		render(ActionForm, {
			action: '?/removeVolunteer',
			name: 'volunteer',
			value: 'v-1',
			submit: 'Usuń',
			buttonClass: 'danger',
			describedby: 'row-title',
			children
		});
		const button = screen.getByRole('button', { name: 'Usuń' });
		expect(button.classList.contains('danger')).toBe(true);
		expect(button.getAttribute('aria-describedby')).toBe('row-title');
		expect(button.hasAttribute('aria-label')).toBe(false);
		const box = screen.getByLabelText<HTMLInputElement>('Na pewno');
		expect(box.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
		const form = button.closest('form');
		box.checked = true;
		expect(Object.fromEntries(new FormData(form ?? undefined))).toEqual({
			volunteer: 'v-1',
			confirm: 'on'
		});
	});

	it('asks for a tick before an action that cannot be undone, and names its error above it', () => {
		const error = { error: 'Zaznacz potwierdzenie.', errorHeading: 'Nie zarchiwizowano zasobu' };
		const tick = { confirm: 'Archiwizuję Świetlicę', confirmId: 'archive-confirm' };
		render(ActionForm, {
			action: '?/archive',
			submit: 'Zarchiwizuj',
			buttonClass: 'button danger',
			describedby: 'archive-hint',
			...tick,
			...error
		});
		const summary = screen.getByRole('heading', { name: error.errorHeading });
		const link = screen.getByRole('link', { name: error.error });
		expect(link.getAttribute('href')).toBe('#archive-confirm');
		const box = screen.getByLabelText<HTMLInputElement>(tick.confirm);
		expect([box.id, box.name, box.getAttribute('aria-invalid')]).toEqual([
			'archive-confirm',
			'confirm',
			'true'
		]);
		expect(box.getAttribute('aria-describedby')).toContain('archive-hint');
		expect(summary.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
		const button = screen.getByRole('button', { name: 'Zarchiwizuj' });
		expect(button.classList.contains('danger')).toBe(true);
		// The page's address names the record: no hidden field.
		expect(button.closest('form')?.querySelector('input[type="hidden"]')).toBeNull();
	});
});
