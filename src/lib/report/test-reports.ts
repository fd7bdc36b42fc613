import type { QueuedReport, ReportFields } from './types';

// Fixtures of the report queue's tests: the fields of a report and a queued report waiting to
// be sent, both keyed by their idempotency key.

export function reportFields(key: string): ReportFields {
	return {
		kind: 'need',
		category: 'drogi',
		title: `Zgłoszenie ${key}`,
		description: '',
		lon: '',
		lat: '',
		village: 'kramsk',
		contact: '',
		contact_consent: false,
		idempotency_key: key
	};
}

export function queuedReport(key: string, changes: Partial<QueuedReport> = {}): QueuedReport {
	return {
		key,
		fields: reportFields(key),
		photo: null,
		photoName: null,
		state: 'waiting',
		createdAt: 0,
		attempts: 0,
		nextAttemptAt: 0,
		lockedUntil: 0,
		lockOwner: null,
		ref: null,
		statusUrl: null,
		error: null,
		sentAt: null,
		...changes
	};
}
