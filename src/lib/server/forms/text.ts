/**
 * The text of a form field: '' when the field is missing or holds a file. A multipart form may
 * send a file under any name (RFC 7578), and `String(file)` would be "[object File]".
 */
export function formText(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}
