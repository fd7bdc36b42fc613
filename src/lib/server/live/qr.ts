import QRCode from 'qrcode';
import type { RequestEvent } from '@sveltejs/kit';
import { publicOrigin } from '../http/origin.ts';

/**
 * Absolute short link of a session: PUBLIC_BASE_URL when set (validated at start-up by env.ts),
 * else the request's origin.
 */
export function shortLink(event: RequestEvent, code: string): string {
	const base = process.env.PUBLIC_BASE_URL?.replace(/\/+$/, '') || publicOrigin(event);
	return `${base}/k/${code}`;
}

/** The QR code for the projector as an SVG data: URL (sharp at any projector size). */
export async function qrDataUrl(text: string): Promise<string> {
	const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
	return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
