import { error } from '@sveltejs/kit';

// One-time links sent or printed to a person (the first-admin setup link, a password reset link)
// answer alike: a page only while the link is valid, otherwise a status that says why.

/** What a one-time link is worth now; 'unknown' covers forged, used and superseded links. */
export type LinkState = 'valid' | 'expired' | 'unknown';

/** The words for a refused link: expired, or unknown (forged, used, superseded). */
export interface LinkMessages {
	expired: () => string;
	unknown: () => string;
}

/** 404 for an unknown link, 410 Gone for an expired one (RFC 9110 §15.5.11). */
export function linkRefusal(
	state: Exclude<LinkState, 'valid'>,
	messages: LinkMessages
): { status: 404 | 410; message: string } {
	return state === 'expired'
		? { status: 410, message: messages.expired() }
		: { status: 404, message: messages.unknown() };
}

/** For a page's load: returns when the link is valid, otherwise answers with its refusal. */
export function requireValidLink(state: LinkState, messages: LinkMessages): void {
	if (state === 'valid') return;
	const { status, message } = linkRefusal(state, messages);
	error(status, message);
}
