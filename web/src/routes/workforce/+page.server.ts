import { error } from '@sveltejs/kit';
import { todayInChina } from '$lib/i18n';
import { loadWorkforce } from '$lib/server/workforce';
import { BUREAU_ROLES, hasRole } from '$lib/viewer';
import type { PageServerLoad } from './$types';

// Admins start at the first province; bureau staff at the region their role covers.
const DEFAULT_REGION = '360000';

export const load: PageServerLoad = async (event) => {
	const viewer = event.locals.viewer;
	if (!hasRole(viewer, 'ADMIN', ...BUREAU_ROLES)) error(403, 'forbidden');
	const own = viewer?.memberships.find((m) => m.region)?.region?.code ?? DEFAULT_REGION;
	const requested = event.url.searchParams.get('region') ?? '';
	const code = /^\d{6}$/.test(requested) ? requested : own;
	const on = event.url.searchParams.get('on') ?? '';
	const onDate = /^\d{4}-\d{2}-\d{2}$/.test(on) ? on : todayInChina();
	const data = await loadWorkforce(event, code, onDate);
	// Above the bureau's own region lies another bureau's data: no link up from there.
	const ownCodes = viewer?.memberships.flatMap((m) => (m.region ? [m.region.code] : [])) ?? [];
	return { ...data, code, onDate, mayGoUp: hasRole(viewer, 'ADMIN') || !ownCodes.includes(code) };
};
