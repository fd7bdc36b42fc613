import type { App } from './app.ts';

/**
 * A live consultation `code`, closed, whose two answers are the first two public needs of the
 * demo data: the results documents (PDF, DOCX, CSV) then exist for it.
 */
export async function closedConsultation(app: App, code: string): Promise<string> {
	return app.db.asOwner(async (tx) => {
		const [session] = await tx.query<{ id: string; code: string }>(
			`insert into public.consultations (region_id, code, question, starts_at, ends_at)
			 select r.id, $1, 'Czego brakuje we wsi?', now() - interval '2 hours',
			   now() + interval '1 hour'
			 from public.regions r where r.slug = 'kramsk' returning id::text as id, code`,
			[code]
		);
		await tx.query(
			`update public.needs set consultation_id = $1
			 where id in (select id from public.needs
			   where private.is_public_need(status, hidden_at) order by ref limit 2)`,
			[session.id]
		);
		await tx.query('select public.close_consultation($1)', [session.code]);
		return session.code;
	});
}
