import type { OwnerTx } from '../db/types.ts';
import type { RateLimit, RateLimits } from '../env.ts';

/**
 * The scopes of private.rate_rules each RATE_LIMIT_* setting governs. Scopes without a setting
 * here (abuse reports, supports) keep the limits their migration stored.
 */
export function rateRules(limits: RateLimits): Record<string, RateLimit[]> {
	return {
		report_device: limits.reports,
		volunteer_device: limits.reports,
		comment_device: limits.reports,
		follow_device: limits.reports,
		report_ip: limits.reportsIp,
		volunteer_ip: limits.reportsIp,
		comment_ip: limits.reportsIp,
		follow_ip: limits.reportsIp,
		consultation_device: limits.consultation,
		consultation_ip: limits.consultationIp,
		device_new_ip: limits.newDevices
	};
}

/**
 * Copies the configured limits into the database, where the guarded functions read them (they
 * never take limits from their callers). Runs at start as the owner: the settings in the
 * environment win over whatever an earlier start stored, and `off` stores `[]` (no limit).
 */
export async function applyRateRules(tx: OwnerTx, limits: RateLimits): Promise<void> {
	const rules = Object.entries(rateRules(limits)).map(([scope, list]) => ({
		scope,
		limits: list.map(({ count, seconds }) => ({ count, seconds }))
	}));
	await tx.query(
		`insert into private.rate_rules (scope, limits, updated_at)
		 select r.scope, r.limits, now()
		 from jsonb_to_recordset($1::text::jsonb) as r (scope text, limits jsonb)
		 on conflict (scope) do update set limits = excluded.limits, updated_at = excluded.updated_at
		 where private.rate_rules.limits is distinct from excluded.limits`,
		[JSON.stringify(rules)]
	);
}
