import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { QueueView } from './types';
import QueuePanel from './QueuePanel.svelte';
import { queuedReport as report } from './test-reports';

/** Fifty sent reports (newest first, as ReportQueue.sent gives them) and one still waiting. */
function queueOf(): QueueView & { cleared: number } {
	const sent = Array.from({ length: 50 }, (_, index) => {
		const number = String(50 - index).padStart(4, '0');
		return report(`s${number}`, {
			state: 'sent',
			ref: `KR-2026-${number}`,
			statusUrl: `https://mapa.example/zgloszenie/s${number}`,
			sentAt: 1_000_000 - index
		});
	});
	const view = {
		entries: [report('w', {}), ...sent],
		sent,
		sending: [],
		cleared: 0,
		retryNow: vi.fn(async () => {}),
		remove: vi.fn(async () => {}),
		clearSent: async () => {
			view.cleared += 1;
		}
	};
	return view;
}

describe('QueuePanel', () => {
	it('lists sent reports one line each, newest first, as status links; waiting ones in full', () => {
		render(QueuePanel, { props: { queue: queueOf(), onedit: () => {} } });
		const links = screen.getAllByRole('link');
		expect(links).toHaveLength(50);
		expect(links[0].textContent).toBe('Numer zgłoszenia: KR-2026-0050');
		expect(links[0].getAttribute('href')).toBe('https://mapa.example/zgloszenie/s0050');
		expect(links[49].textContent).toBe('Numer zgłoszenia: KR-2026-0001');
		// Only the waiting report has actions; sent ones are a plain list.
		expect(screen.getAllByRole('button', { name: 'Wyślij teraz' })).toHaveLength(1);
		expect(screen.getByRole('heading', { name: 'Wysłane z tego urządzenia' })).toBeTruthy();
	});

	it('clears the sent list only after the resident confirms', async () => {
		const queue = queueOf();
		const announce = vi.fn();
		render(QueuePanel, { props: { queue, onedit: () => {}, onannounce: announce } });
		await fireEvent.click(screen.getByRole('button', { name: 'Wyczyść listę wysłanych' }));
		const question = screen.getByText(/Usunąć listę wysłanych zgłoszeń/);
		expect(document.activeElement).toBe(question);
		await fireEvent.click(screen.getByRole('button', { name: 'Anuluj' }));
		expect(queue.cleared).toBe(0);
		expect(document.activeElement).toBe(
			screen.getByRole('button', { name: 'Wyczyść listę wysłanych' })
		);
		await fireEvent.click(screen.getByRole('button', { name: 'Wyczyść listę wysłanych' }));
		await fireEvent.click(screen.getByRole('button', { name: 'Tak, wyczyść listę' }));
		expect(queue.cleared).toBe(1);
		expect(announce).toHaveBeenCalledWith('Lista wysłanych zgłoszeń na tym urządzeniu jest pusta.');
	});

	it('sends a refused consultation answer back to its session, never into the report form', () => {
		const onedit = vi.fn();
		const view = {
			...queueOf(),
			entries: [
				report('c', {
					state: 'rejected',
					error: 'Konsultacja jest zamknięta.',
					consultation: 'K7M2QX'
				}),
				report('r', { state: 'rejected', error: 'Popraw tytuł.' })
			],
			sent: []
		};
		render(QueuePanel, { props: { queue: view, onedit } });
		const again = screen.getByRole('link', { name: 'Odpowiedz ponownie w konsultacji' });
		expect(again.getAttribute('href')).toBe('/k/K7M2QX');
		// Only the ordinary report can be corrected in the form.
		expect(screen.getAllByRole('button', { name: 'Popraw zgłoszenie' })).toHaveLength(1);
	});
});
