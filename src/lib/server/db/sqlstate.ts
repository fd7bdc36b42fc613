/**
 * The SQLSTATEs the app's handlers answer, by name, and how to read them off a driver error.
 *
 * Standard codes are PostgreSQL's (manual, appendix A "Error Codes"). The `MZ` class is the
 * app's own: the SQL functions raise `MZnnn`, nnn being the HTTP status (RFC 9110 §15) nearest
 * to the refusal, with the reason in MESSAGE and, for MZ429, the seconds to wait in DETAIL. Each
 * handler decides its answer and message, since the same code can mean a different thing to its
 * form (a refused moderation transition is answered 409, a conflict with the need's state).
 */
export const SQLSTATE = {
	/** 42501 insufficient_privilege: RLS or a guard refused the write. */
	insufficientPrivilege: '42501',
	/** 23514 check_violation: a value outside what the table allows. */
	checkViolation: '23514',
	/** 23503 foreign_key_violation: a referenced row no longer exists. */
	foreignKeyViolation: '23503',
	/** 23505 unique_violation. */
	uniqueViolation: '23505',
	/** 22P02 invalid_text_representation: not a uuid, not a number. */
	invalidTextRepresentation: '22P02',
	/** 22023 invalid_parameter_value: a function refused an argument (reason in MESSAGE). */
	invalidParameterValue: '22023',
	/** 22007 invalid_datetime_format. */
	invalidDatetimeFormat: '22007',
	/** 22008 datetime_field_overflow. */
	datetimeFieldOverflow: '22008',
	/** P0002 no_data_found: the row to change does not exist (or is not visible). */
	noDataFound: 'P0002',
	/** The row does not exist or is not open to this request. */
	notFound: 'MZ404',
	/** The request conflicts with what is stored (a reused key, an existing account). */
	conflict: 'MZ409',
	/** The thing existed but is closed now (a finished live session). */
	gone: 'MZ410',
	/** The request is well formed but not allowed in the current state. */
	unprocessable: 'MZ422',
	/** A rate limit; DETAIL holds the seconds to wait. */
	rateLimited: 'MZ429'
} as const;

export type Sqlstate = (typeof SQLSTATE)[keyof typeof SQLSTATE];

/** The SQLSTATE (or driver code) of a failed query, or null when `e` carries none. */
export function sqlstateOf(e: unknown): string | null {
	const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
	return typeof code === 'string' ? code : null;
}

/** Seconds to wait after an MZ429: its DETAIL, or `fallback` when DETAIL holds no number. */
export function retryAfterOf(e: unknown, fallback = 60): number {
	const detail =
		typeof e === 'object' && e !== null ? (e as { detail?: unknown }).detail : undefined;
	return Number(detail) || fallback;
}
