import { getDatabase } from '../db/index.ts';
import { PinHub } from './hub.ts';

let hub: Promise<PinHub> | undefined;

/** The process-wide hub of live consultation pins (one LISTEN connection). */
export function pinHub(): Promise<PinHub> {
	hub ??= getDatabase().then((db) => new PinHub(db));
	return hub;
}

/** Server shutdown: ends every live stream with its retry hint and stops listening. */
export async function closePinHub(): Promise<void> {
	if (hub) await (await hub).close();
}
