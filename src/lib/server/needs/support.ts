import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';

/**
 * "Popieram" (`on`) or withdrawing it for the browser of the signed context `ctx` (JSON text):
 * private.set_device_support checks the context, the device and the limits itself. Used by the
 * JSON endpoint and by the need page's form.
 */
export const setDeviceSupport = (tx: Tx, need: string, ctx: string, on: boolean) =>
	value<{ supported: boolean; support_count: number }>(
		tx,
		'select private.set_device_support($1, $2::text::jsonb, $3) as v',
		[need, ctx, on]
	);
