import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAST_PROBES, PROBE_MS, Recovery, SLOW_PROBE_MS } from './recovery';

function watch(answers: boolean[], online = () => true) {
	const state = { probes: 0, drains: 0 };
	const recovery = new Recovery({
		probe: async () => answers[state.probes++] ?? true,
		drain: () => (state.drains += 1),
		online
	});
	return { recovery, state };
}

describe('Recovery', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('probes every PROBE_MS while the server is down and drains on the first answer', async () => {
		const { recovery, state } = watch([false, false, false, true]);
		recovery.failed();
		await vi.advanceTimersByTimeAsync(PROBE_MS * 3);
		expect(state).toEqual({ probes: 3, drains: 0 });
		await vi.advanceTimersByTimeAsync(PROBE_MS);
		expect(state).toEqual({ probes: 4, drains: 1 });
		expect(recovery.watching).toBe(false);
	});

	it('probes a long outage less often, and drains within SLOW_PROBE_MS of its end', async () => {
		const { recovery, state } = watch([...Array<boolean>(FAST_PROBES + 3).fill(false), true]);
		recovery.failed();
		await vi.advanceTimersByTimeAsync(PROBE_MS * FAST_PROBES);
		expect(state.probes).toBe(FAST_PROBES);
		await vi.advanceTimersByTimeAsync(PROBE_MS);
		expect(state.probes).toBe(FAST_PROBES);
		await vi.advanceTimersByTimeAsync(SLOW_PROBE_MS * 4 - PROBE_MS);
		expect(state).toEqual({ probes: FAST_PROBES + 4, drains: 1 });
	});

	it('retries at once only once when the server answered the very first probe', async () => {
		// The upload failed although /healthz answers: one quick retry, then the backoff decides.
		const { recovery, state } = watch([true, true, true]);
		recovery.failed();
		await vi.advanceTimersByTimeAsync(PROBE_MS);
		expect(state.drains).toBe(1);
		recovery.failed();
		await vi.advanceTimersByTimeAsync(PROBE_MS);
		expect(state).toEqual({ probes: 2, drains: 1 });
		// A report that went through starts the next outage afresh.
		recovery.succeeded();
		recovery.failed();
		await vi.advanceTimersByTimeAsync(PROBE_MS);
		expect(state.drains).toBe(2);
	});

	it('does not probe while the browser is offline, and stops when told', async () => {
		let online = false;
		const { recovery, state } = watch([], () => online);
		recovery.failed();
		await vi.advanceTimersByTimeAsync(PROBE_MS * 5);
		expect(state.probes).toBe(0);
		online = true;
		recovery.stop();
		await vi.advanceTimersByTimeAsync(PROBE_MS * 5);
		expect(state).toEqual({ probes: 0, drains: 0 });
	});
});
