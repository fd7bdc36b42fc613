// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IDLE_DELAY_MS, savesData, waitsForTouch, whenWanted } from './lazy';

const withConnection = (connection: object) => ({ connection }) as unknown as Navigator;

describe('savesData', () => {
	it('is true for Save-Data and for 2G connections only', () => {
		expect(savesData(withConnection({ saveData: true, effectiveType: '4g' }))).toBe(true);
		expect(savesData(withConnection({ effectiveType: '2g' }))).toBe(true);
		expect(savesData(withConnection({ effectiveType: 'slow-2g' }))).toBe(true);
		expect(savesData(withConnection({ effectiveType: '3g' }))).toBe(false);
		expect(savesData({} as Navigator)).toBe(false);
	});
});

describe('waitsForTouch', () => {
	const screen = (coarse: boolean) =>
		({
			matchMedia: (query: string) => ({ matches: coarse && query === '(pointer: coarse)' })
		}) as unknown as Window;

	it('is true on a touch-first device or when saving data, false on a desktop', () => {
		expect(waitsForTouch({} as Navigator, screen(true))).toBe(true);
		expect(waitsForTouch(withConnection({ saveData: true }), screen(false))).toBe(true);
		expect(waitsForTouch({} as Navigator, screen(false))).toBe(false);
		expect(waitsForTouch({} as Navigator, {} as Window)).toBe(false);
	});
});

describe('whenWanted', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	it('starts at once when the person points at, touches or focuses the map, once', () => {
		for (const type of ['pointerenter', 'pointerdown', 'touchstart', 'wheel', 'focusin']) {
			const element = document.createElement('div');
			const start = vi.fn();
			whenWanted(element, start);
			element.dispatchEvent(new Event(type));
			element.dispatchEvent(new Event(type));
			vi.runAllTimers();
			expect(start, type).toHaveBeenCalledTimes(1);
		}
	});

	it('otherwise starts a while after the page has loaded, unless on a phone or saving data', () => {
		const element = document.createElement('div');
		const start = vi.fn();
		whenWanted(element, start);
		vi.advanceTimersByTime(IDLE_DELAY_MS - 1);
		expect(start).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		expect(start).toHaveBeenCalledTimes(1);

		vi.stubGlobal('navigator', withConnection({ saveData: true }));
		const waiting = vi.fn();
		whenWanted(document.createElement('div'), waiting);
		vi.runAllTimers();
		expect(waiting).not.toHaveBeenCalled();

		vi.unstubAllGlobals();
		vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === '(pointer: coarse)' }));
		const phone = vi.fn();
		const map = document.createElement('div');
		whenWanted(map, phone);
		vi.runAllTimers();
		expect(phone).not.toHaveBeenCalled();
		map.dispatchEvent(new Event('touchstart'));
		expect(phone).toHaveBeenCalledTimes(1);
	});

	it('the cleanup cancels a start not yet made', () => {
		const element = document.createElement('div');
		const start = vi.fn();
		whenWanted(element, start)();
		vi.runAllTimers();
		element.dispatchEvent(new Event('pointerdown'));
		expect(start).not.toHaveBeenCalled();
	});
});
