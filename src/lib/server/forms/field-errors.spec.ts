import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from './field-errors';

const Schema = v.pipe(
	v.object({
		title: v.pipe(v.string(), v.minLength(3, 'too short'), v.regex(/^[a-z]+$/, 'letters')),
		contact: v.object({ email: v.pipe(v.string(), v.email('bad email')) }),
		goals: v.array(v.picklist(['a', 'b'], 'unknown goal'))
	}),
	v.check((o) => o.title !== o.contact.email, 'same as email')
);

const issuesOf = (input: unknown) => {
	const result = v.safeParse(Schema, input);
	if (result.success) throw new Error('expected issues');
	return result.issues;
};

describe('fieldErrors', () => {
	it('keeps the first message of each field', () => {
		const issues = issuesOf({ title: 'A', contact: { email: 'x@example.org' }, goals: [] });
		expect(fieldErrors(issues)).toEqual({ title: 'too short' });
	});

	it('keys nested fields by their dotted path', () => {
		const issues = issuesOf({ title: 'abc', contact: { email: 'no' }, goals: ['a', 'z', 'y'] });
		expect(fieldErrors(issues)).toEqual({
			'contact.email': 'bad email',
			'goals.1': 'unknown goal',
			'goals.2': 'unknown goal'
		});
	});

	it('keys by the top-level field when asked', () => {
		const issues = issuesOf({ title: 'abc', contact: { email: 'no' }, goals: ['a', 'z', 'y'] });
		expect(fieldErrors(issues, { topLevel: true })).toEqual({
			contact: 'bad email',
			goals: 'unknown goal'
		});
	});

	it('puts a check of the whole object under form', () => {
		const issues = issuesOf({ title: 'abc', contact: { email: 'abc' }, goals: [] });
		expect(fieldErrors(issues)).toEqual({ 'contact.email': 'bad email', form: 'same as email' });
		const bad = v.safeParse(Schema, 'not an object');
		expect(bad.success).toBe(false);
		if (!bad.success) expect(Object.keys(fieldErrors(bad.issues))).toEqual(['form']);
	});

	it('keeps errors found before', () => {
		const issues = issuesOf({ title: 'A', contact: { email: 'x@example.org' }, goals: [] });
		const into = { title: 'checked by hand' };
		expect(fieldErrors(issues, { into })).toEqual({ title: 'checked by hand' });
		expect(fieldErrors(issues, { into })).toBe(into);
	});
});
