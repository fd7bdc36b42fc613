import type { SubmitFunction } from '@sveltejs/kit';

// Submit handlers for `use:enhance` on the panel's forms. SvelteKit resets a form after a
// successful submit by default; these keep what was typed (a preview, a saved record shown
// again, a refusal beside its fields) and let the page show when the request is pending.

/** Keep what was typed after the answer: no form reset. */
export const keepInput: SubmitFunction =
	() =>
	async ({ update }) =>
		update({ reset: false });

/**
 * `keepInput` that also tells the page when the request starts and ends (a busy button,
 * `aria-busy`); `after` runs once the page shows the answer (moving focus to it, say).
 */
export function keepInputWhile(pending: (on: boolean) => void, after?: () => void): SubmitFunction {
	return () => {
		pending(true);
		return async ({ update }) => {
			await update({ reset: false });
			pending(false);
			after?.();
		};
	};
}
