// The part of negotiator 1.x the server uses. Declared here because @types/negotiator lacks the
// `preferred` option, which orders the available codings among those the client rates equally.
declare module 'negotiator' {
	export default class Negotiator {
		constructor(request: { headers: Record<string, string | readonly string[] | undefined> });
		encoding(
			available: readonly string[],
			options?: { preferred?: readonly string[] }
		): string | undefined;
	}
}
