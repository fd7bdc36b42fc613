/**
 * Headers of a diagnosis download (issue #5): a file name, and no shared caching for staff,
 * whose copy has exact counts and may include a draft.
 */
export function exportHeaders(contentType: string, filename: string, staff: boolean) {
	return {
		'content-type': contentType,
		'content-disposition': `attachment; filename="${filename}"`,
		'cache-control': staff ? 'private, no-store' : 'public, max-age=60',
		vary: 'cookie'
	};
}
