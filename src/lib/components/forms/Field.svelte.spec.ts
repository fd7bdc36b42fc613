import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Field from './Field.svelte';
import FieldHarness from './test/FieldHarness.svelte';
import FormHarness from './test/FormHarness.svelte';

describe('Field', () => {
	it('labels its input and carries no error state while valid', () => {
		render(Field, { id: 'title', label: 'Tytuł', name: 'title', value: 'Plac zabaw' });
		const input = screen.getByLabelText<HTMLInputElement>('Tytuł');
		expect(input.id).toBe('title');
		expect(input.name).toBe('title');
		expect(input.value).toBe('Plac zabaw');
		expect(input.getAttribute('aria-invalid')).toBeNull();
		expect(input.getAttribute('aria-describedby')).toBeNull();
	});

	it('marks an invalid field and links its hint and error to the control', () => {
		render(Field, {
			id: 'title',
			label: 'Tytuł',
			hint: 'Krótko, o co chodzi',
			error: 'Podaj tytuł.',
			describedby: 'title-count',
			mark: 'required',
			required: true
		});
		const input = screen.getByLabelText(/^Tytuł/);
		expect(input.getAttribute('aria-invalid')).toBe('true');
		expect(input.getAttribute('aria-describedby')).toBe('title-hint title-error title-count');
		expect(document.getElementById('title-error')?.textContent).toBe('Podaj tytuł.');
		expect(document.getElementById('title-hint')?.textContent).toBe('Krótko, o co chodzi');
		expect(input.hasAttribute('required')).toBe(true);
		expect(screen.getByText('Tytuł').textContent).toContain('obowiązkowo');
	});

	it('counts the characters left under the control and links the count to it', () => {
		render(Field, {
			id: 'title',
			label: 'Tytuł',
			name: 'title',
			value: 'Plac zabaw',
			counter: 120
		});
		const input = screen.getByLabelText('Tytuł');
		expect(input.getAttribute('aria-describedby')).toBe('title-count');
		expect(document.getElementById('title-count')?.textContent).toBe('Pozostało znaków: 110');
	});

	it('renders a textarea and a checkbox with the same wiring', () => {
		render(Field, { id: 'description', label: 'Opis', as: 'textarea', error: 'Za długi.' });
		const textarea = screen.getByLabelText('Opis');
		expect(textarea.tagName).toBe('TEXTAREA');
		expect(textarea.getAttribute('aria-describedby')).toBe('description-error');

		render(Field, {
			id: 'consent',
			label: 'Zgoda',
			as: 'checkbox',
			name: 'consent',
			checked: true
		});
		const box = screen.getByLabelText<HTMLInputElement>('Zgoda');
		expect(box.type).toBe('checkbox');
		expect(box.checked).toBe(true);
	});

	it('binds a select, and wires a group and a custom control', async () => {
		render(FieldHarness, { error: 'Źle.' });
		const select = screen.getByLabelText<HTMLSelectElement>('Miejscowość');
		expect(select.value).toBe('kramsk');
		expect(select.getAttribute('aria-invalid')).toBe('true');
		select.value = '';
		select.dispatchEvent(new Event('change'));
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(screen.getByTestId('village').textContent).toBe('');

		const group = screen.getByRole('group', { name: 'Rodzaj' });
		expect(group.id).toBe('kind');
		expect(group.getAttribute('aria-describedby')).toBe('kind-error');

		const when = screen.getByLabelText('Kiedy');
		expect(when.getAttribute('type')).toBe('datetime-local');
		expect(when.getAttribute('aria-describedby')).toBe('when-hint when-error');
		expect(when.getAttribute('aria-invalid')).toBe('true');
	});
});

describe('Field in a form that gives its errors, values and ids once', () => {
	it('takes its id, value and error from the form, and the summary links to it', async () => {
		const { rerender } = render(FormHarness, {
			errors: { title: 'Podaj tytuł.' },
			values: { title: 'Plac', description: 'Ławki' }
		});
		const title = screen.getByLabelText<HTMLInputElement>('Tytuł');
		expect(title.id).toBe('act-title');
		expect(title.value).toBe('Plac');
		expect(title.getAttribute('aria-invalid')).toBe('true');
		expect(title.getAttribute('aria-describedby')).toBe('act-title-error');
		expect(screen.getByLabelText<HTMLTextAreaElement>('Opis').value).toBe('Ławki');
		expect(screen.getByRole('link', { name: 'Podaj tytuł.' }).getAttribute('href')).toBe(
			'#act-title'
		);

		// A new failed submit brings its own values and errors.
		await rerender({ errors: { description: 'Za długi.' }, values: { title: 'Plac zabaw' } });
		expect(title.value).toBe('Plac zabaw');
		expect(title.getAttribute('aria-invalid')).toBeNull();
		expect(screen.getByLabelText('Opis').getAttribute('aria-invalid')).toBe('true');
	});

	it('keeps a select on its first option when the form has no value for it', () => {
		render(FormHarness, { errors: {}, values: { venue: null } });
		expect(screen.getByLabelText<HTMLSelectElement>('Miejsce').value).toBe('');
		expect(screen.getByLabelText<HTMLSelectElement>('Miejsce').selectedIndex).toBe(0);
	});

	it('ticks a checkbox as the form posted it, and unticks it when the values leave it out', async () => {
		const { rerender } = render(FormHarness, {
			errors: { title: 'Podaj tytuł.' },
			values: { published: 'on', goals: ['integration'] }
		});
		const published = screen.getByLabelText<HTMLInputElement>('Opublikuj');
		const goal = screen.getByLabelText<HTMLInputElement>('Integracja');
		expect([published.checked, goal.checked]).toEqual([true, true]);
		await rerender({ errors: { title: 'Podaj tytuł.' }, values: { title: 'Plac' } });
		expect([published.checked, goal.checked]).toEqual([false, false]);
	});

	it('after every refused submit, focus is on the one summary, which names the form', async () => {
		const { rerender } = render(FormHarness, { errors: {}, values: null });
		expect(screen.queryByRole('alert')).toBeNull();
		const title = screen.getByLabelText<HTMLInputElement>('Tytuł');
		title.focus();
		await rerender({ errors: { title: 'Podaj tytuł.' }, values: { title: '' } });
		await new Promise((resolve) => setTimeout(resolve, 0));
		const summary = screen.getByRole('alert', { name: 'Nie zapisano działania' });
		expect(document.activeElement).toBe(summary);

		// The next refusal names another field: the old message goes, focus comes back.
		title.focus();
		await rerender({ errors: { description: 'Za długi.' }, values: { title: 'Plac' } });
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(document.activeElement).toBe(summary);
		expect(screen.getAllByRole('alert')).toHaveLength(1);
		expect(screen.queryByRole('link', { name: 'Podaj tytuł.' })).toBeNull();
		expect(screen.getByRole('link', { name: 'Za długi.' }).getAttribute('href')).toBe(
			'#act-description'
		);
	});
});
