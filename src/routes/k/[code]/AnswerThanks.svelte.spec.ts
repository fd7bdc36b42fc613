import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import AnswerThanks from './AnswerThanks.svelte';

const props = {
	code: 'KXR7PQ',
	ref: 'KR-2026-0042',
	statusUrl: 'https://mapa.example/zgloszenie/t'
};

describe('AnswerThanks', () => {
	it('without the hold: the answer is on the screen already', () => {
		render(AnswerThanks, { props: { ...props, hold: false } });
		expect(screen.getByTestId('answer-outcome').textContent?.trim()).toBe(
			'Twoja odpowiedź jest już na ekranie.'
		);
		expect(screen.getByText('Numer odpowiedzi: KR-2026-0042')).toBeTruthy();
	});

	it('with the hold: it waits for the organizer', () => {
		render(AnswerThanks, { props: { ...props, hold: true } });
		expect(screen.getByTestId('answer-outcome').textContent).toMatch(
			/czeka na sprawdzenie przez organizatora/
		);
		expect(screen.queryByText(/jest już na ekranie/)).toBeNull();
	});
});
