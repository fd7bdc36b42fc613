// npm run user:create -- --email ala@kramsk.pl --role admin [--name "Ala Nowak"]
// (--email/--role may repeat to create several accounts with the same password in one start-up)
// Creates a staff account: a local account (argon2id) on the embedded or self-hosted
// database, or a Supabase Auth user (app_metadata.role + profiles row) when the service key is set.
// The password comes from USER_PASSWORD, or is asked for without echo.
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { createClient } from '@supabase/supabase-js';
import {
	AccountExistsError,
	createLocalAccount,
	PASSWORD_LENGTH
} from '../src/lib/server/auth/local.ts';
import { startDatabase } from '../src/lib/server/db/start.ts';
import { readEnv, type AppEnv } from '../src/lib/server/env.ts';
import type { Database } from '../src/lib/server/db/types.ts';
import { readSqlFiles, root } from './sql-files.ts';
import { runCli } from './cli.ts';

const ROLES = ['organizer', 'council', 'admin'] as const;
type Role = (typeof ROLES)[number];
const MIN_PASSWORD = PASSWORD_LENGTH.min;

function promptHidden(question: string): Promise<string> {
	if (!process.stdin.isTTY) throw new Error('Podaj hasło w zmiennej USER_PASSWORD.');
	const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
	const output = rl as unknown as { _writeToOutput: (s: string) => void };
	return new Promise((resolve) => {
		rl.question(question, (answer) => {
			rl.close();
			process.stdout.write('\n');
			resolve(answer);
		});
		// Echo nothing of what is typed after the question.
		output._writeToOutput = () => {};
	});
}

await runCli(async () => {
	const { values } = parseArgs({
		options: {
			email: { type: 'string', multiple: true },
			role: { type: 'string', multiple: true },
			name: { type: 'string' }
		}
	});
	const emails = (values.email ?? []).map((e) => e.trim().toLowerCase());
	const roles = values.role ?? [];
	if (emails.length === 0 || emails.some((e) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)))
		throw new Error('Podaj --email z poprawnym adresem e-mail.');
	if (roles.length !== emails.length || roles.some((r) => !ROLES.includes(r as Role)))
		throw new Error(`Podaj --role (${ROLES.join(', ')}) dla każdego --email.`);
	const password = process.env.USER_PASSWORD ?? (await promptHidden('Hasło: '));
	if (password.length < MIN_PASSWORD)
		throw new Error(`Hasło musi mieć co najmniej ${MIN_PASSWORD} znaków.`);

	const env = readEnv();
	const { migrations, bootstrap } = readSqlFiles();
	const db = await startDatabase({ env, migrations, bootstrap, root });
	try {
		for (const [i, email] of emails.entries())
			await createOne(db, env, email, roles[i] as Role, password, values.name);
	} finally {
		await db.close();
	}
});

async function createOne(
	db: Database,
	env: AppEnv,
	email: string,
	role: Role,
	password: string,
	name: string | undefined
): Promise<void> {
	try {
		if (env.supabase?.serviceRoleKey && env.supabase.anonKey) {
			const admin = createClient(env.supabase.url, env.supabase.serviceRoleKey, {
				auth: { persistSession: false }
			});
			const { data, error } = await admin.auth.admin.createUser({
				email,
				password,
				email_confirm: true,
				app_metadata: { role }
			});
			if (error) throw new Error(`Supabase Auth: ${error.message}`);
			await db.asOwner((tx) =>
				tx.query(
					'insert into public.profiles (id, display_name, role) values ($1, $2, $3) on conflict (id) do update set role = excluded.role',
					[data.user.id, name ?? '', role]
				)
			);
			console.log(`Utworzono użytkownika Supabase ${email} (${role}).`);
			return;
		}
		await createLocalAccount(db, { email, password, role, displayName: name });
		console.log(`Utworzono konto ${email} (${role}).`);
	} catch (e) {
		if (e instanceof AccountExistsError)
			throw new Error(`Konto ${email} już istnieje.`, { cause: e });
		throw e;
	}
}
