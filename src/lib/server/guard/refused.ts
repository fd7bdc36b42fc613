import { SQLSTATE } from '../db/sqlstate.ts';

/**
 * Whether the database refused a guarded write as untrusted (SQLSTATE 42501: a context it cannot
 * verify, a missing device, a rate scope it does not know). The app signs every context itself,
 * so this means a misconfiguration (a secret that changed under a running server, clocks more
 * than five minutes apart, a missing rule) and never the visitor's fault: the caller answers 503
 * with a neutral message, and the details go to the server log only (OWASP Error Handling:
 * no internals in responses).
 */
export function refusedAsUntrusted(e: unknown, where: string): boolean {
	const { code, message, detail } = (e ?? {}) as {
		code?: unknown;
		message?: unknown;
		detail?: unknown;
	};
	if (code !== SQLSTATE.insufficientPrivilege) return false;
	const said = typeof message === 'string' ? message : '';
	const more = typeof detail === 'string' && detail ? `, ${detail}` : '';
	console.error(
		`${where}: zapis odrzucony przez bazę (42501 ${said}${more}) — sprawdź konfigurację serwera`
	);
	return true;
}
