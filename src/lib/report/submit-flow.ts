import type { SubmitFunction } from '@sveltejs/kit';
import { applyAction } from '$app/forms';
import * as m from '$lib/paraglide/messages';
import { actionAnswer } from './form.svelte';

type Errors = Record<string, string | undefined>;

/** What a resident's form (/zglos, /k/<code>) does at each turn of a submit. */
export interface ResidentSubmit<E extends Errors> {
	/** The browser's own checks; any message in it stops the submit. */
	problems(): E;
	/** Last changes to the body before it goes (the report form's photo). */
	prepare?(formData: FormData): void;
	/** The server's field errors as the form names its fields. */
	fieldErrors(errors: Record<string, string>): E;
	showErrors(errors: E, message: string): void;
	/** Offline, a slow line, 5xx or 429: keep it on this device and send it later. */
	keepForLater(failedNow: boolean, retryAfterMs?: number | null): Promise<void>;
	sent(answer: { ref: string; statusUrl: string }): void;
	submitting(on: boolean): void;
	notice(text: string): void;
	/** After this long without an answer the submit gives up and the report waits in the queue. */
	timeoutMs: number;
}

/**
 * The one submit flow of the residents' forms: check in the browser, queue at once when offline,
 * give a slow line `timeoutMs` before queueing, queue again on 429 (with Retry-After) and on a
 * server error, and show a refusal in the form. Nothing typed is lost on any path.
 */
export function residentSubmit<E extends Errors>(form: ResidentSubmit<E>): SubmitFunction {
	return ({ formData, cancel, controller }) => {
		const problems = form.problems();
		if (Object.values(problems).some(Boolean)) {
			cancel();
			form.showErrors(problems, '');
			return;
		}
		if (!navigator.onLine) {
			cancel();
			void form.keepForLater(false);
			return;
		}
		form.prepare?.(formData);
		form.submitting(true);
		form.notice('');
		const timer = setTimeout(() => {
			controller.abort();
			form.submitting(false);
			void form.keepForLater(true);
		}, form.timeoutMs);
		return async ({ result }) => {
			clearTimeout(timer);
			form.submitting(false);
			const answer = actionAnswer(
				result.type === 'success' || result.type === 'failure' ? result.data : undefined
			);
			if (result.type === 'success' && answer.ref && answer.statusUrl) {
				form.sent({ ref: answer.ref, statusUrl: answer.statusUrl });
			} else if (result.type === 'failure' && result.status === 429) {
				await form.keepForLater(true, (answer.retryAfter ?? 60) * 1000);
				form.notice(`${answer.message} ${m.rate_limited_queued()}`.trim());
			} else if (result.type === 'failure') {
				form.showErrors(form.fieldErrors(answer.errors), answer.message);
			} else if (result.type === 'redirect') {
				await applyAction(result);
			} else if (result.type === 'error' && (result.status ?? 500) >= 500) {
				await form.keepForLater(true);
			} else {
				form.showErrors(form.fieldErrors({}), m.error_send_failed());
			}
		};
	};
}
