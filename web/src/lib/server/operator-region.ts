import { error, type RequestEvent } from '@sveltejs/kit';
import type { Role } from '$lib/enums';
import { hasRole, type RegionRef } from '$lib/viewer';

/**
 * The region an operator page works on: the viewer's own for one of `roles`, or for an admin (who has
 * no region) the one chosen with `?region=`; null when an admin has not chosen yet. Anyone else: 403.
 */
export function operatorRegion(
	event: RequestEvent,
	roles: readonly Role[],
): { region: RegionRef | null; chosen: string | null; admin: boolean } {
	const viewer = event.locals.viewer;
	const own = viewer?.memberships.find((m) => roles.includes(m.role) && m.region)?.region ?? null;
	if (own) return { region: own, chosen: own.code, admin: false };
	if (!hasRole(viewer, 'ADMIN')) error(403, 'forbidden');
	const chosen = event.url.searchParams.get('region');
	return { region: null, chosen: chosen && /^\d{6}$/.test(chosen) ? chosen : null, admin: true };
}
