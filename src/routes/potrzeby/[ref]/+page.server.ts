import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// The public page of a need or an idea, by its reference (for example KR-2026-0042).
// Only the route exists so far: every reference answers 404 until the page is built.
export const load: PageServerLoad = () => {
	error(404);
};
