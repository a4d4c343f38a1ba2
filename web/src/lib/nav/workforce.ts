import { BUREAU_ROLES, hasRole, type Viewer } from '$lib/viewer';
import type { NavItem } from './index';

/** The workforce dashboard is for the bureaus and admins; population figures are civil affairs' to import. */
export function workforceNav(viewer: Viewer): NavItem[] {
	const items: NavItem[] = hasRole(viewer, 'ADMIN', ...BUREAU_ROLES) ? [{ href: '/workforce', label: 'wf.nav' }] : [];
	if (hasRole(viewer, 'ADMIN', 'CIVIL_AFFAIRS_ANALYST')) items.push({ href: '/population', label: 'pop.nav' });
	return items;
}
