import type { ScopeKind } from '$lib/diagnosis/types';

// URL slugs of a diagnosis: a village uses its locality slug (as
// /api/villages/<slug>/summary does), a sołectwo 'solectwo-<slug>', the whole gmina 'gmina'.

export interface ScopeRef {
	kind: ScopeKind;
	/** The slug of the locality or sołectwo; 'gmina' for the gmina. */
	slug: string;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SOLECTWO = 'solectwo-';

/** Parses the URL slug; null when it cannot be a scope at all (the caller answers 404). */
export function parseScope(value: string): ScopeRef | null {
	if (value.length > 90 || !SLUG.test(value)) return null;
	if (value === 'gmina') return { kind: 'gmina', slug: 'gmina' };
	if (value.startsWith(SOLECTWO)) return { kind: 'solectwo', slug: value.slice(SOLECTWO.length) };
	return { kind: 'village', slug: value };
}

/** The URL slug of a scope (inverse of parseScope). */
export function scopeSlug(scope: ScopeRef): string {
	if (scope.kind === 'gmina') return 'gmina';
	return scope.kind === 'solectwo' ? `${SOLECTWO}${scope.slug}` : scope.slug;
}
