import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ConfirmSubmit from './ConfirmSubmit.svelte';

describe('ConfirmSubmit', () => {
	it('asks for a required tick named confirm before its submit button', () => {
		render(ConfirmSubmit, {
			label: 'Rozumiem, że tego nie można cofnąć',
			submit: 'Odrzuć',
			buttonClass: 'button danger'
		});
		const box = screen.getByLabelText<HTMLInputElement>('Rozumiem, że tego nie można cofnąć');
		expect(box.type).toBe('checkbox');
		expect(box.name).toBe('confirm');
		expect(box.required).toBe(true);
		const button = screen.getByRole('button', { name: 'Odrzuć' });
		expect(button.getAttribute('type')).toBe('submit');
		expect(button.className).toContain('danger');
		expect(box.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
	});

	it('leaves the refusal to the server when not required, showing its error on the box', () => {
		render(ConfirmSubmit, {
			id: 'diag-confirm',
			label: 'Potwierdzam publikację',
			submit: 'Opublikuj',
			required: false,
			error: 'Zaznacz potwierdzenie.',
			formaction: '?/publish'
		});
		const box = screen.getByLabelText<HTMLInputElement>('Potwierdzam publikację');
		expect(box.id).toBe('diag-confirm');
		expect(box.required).toBe(false);
		expect(box.getAttribute('aria-invalid')).toBe('true');
		expect(document.getElementById('diag-confirm-error')?.textContent).toBe(
			'Zaznacz potwierdzenie.'
		);
		expect(screen.getByRole('button', { name: 'Opublikuj' }).getAttribute('formaction')).toBe(
			'?/publish'
		);
	});
});
