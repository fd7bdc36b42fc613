import * as m from '$lib/paraglide/messages';

/**
 * "Popieram" for a need's popup (issue #3, item 5). One support per browser: the server keeps an
 * httpOnly device cookie, so pressing again on another visit cannot count twice. Built with DOM
 * APIs because MapLibre popups live outside Svelte.
 */
export function supportControl(needId: string, initialCount: number): HTMLElement {
	let supported = false;
	let count = initialCount;
	const box = document.createElement('div');
	box.className = 'map-popup__support';
	box.style.marginTop = '0.5rem';
	const button = document.createElement('button');
	button.type = 'button';
	button.className = 'button';
	const status = document.createElement('p');
	status.setAttribute('role', 'status');
	const render = () => {
		button.textContent = supported ? m.popup_support_withdraw() : m.popup_support_button();
	};
	render();
	button.addEventListener('click', async () => {
		button.disabled = true;
		try {
			const response = await fetch(`/api/needs/${encodeURIComponent(needId)}/support`, {
				method: supported ? 'DELETE' : 'POST',
				headers: { accept: 'application/json' }
			});
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			const body = (await response.json()) as { supported?: unknown; support_count?: unknown };
			supported = body.supported === true;
			if (typeof body.support_count === 'number') count = body.support_count;
			status.textContent = supported
				? m.popup_supported({ count })
				: m.popup_support({ count: String(count) });
		} catch (error) {
			console.error(error);
			status.textContent = m.similar_failed();
		} finally {
			button.disabled = false;
			render();
		}
	});
	box.append(button, status);
	return box;
}
