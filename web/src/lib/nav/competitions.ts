import { hasRole, type Viewer } from '$lib/viewer';
import type { NavItem } from './index';

/** The HR bureau runs competitions; civil affairs keeps the blacklist and decides appeals. */
export function competitionsNav(viewer: Viewer): NavItem[] {
	const items: NavItem[] = [];
	if (hasRole(viewer, 'HR_REVIEWER', 'HR_APPROVER', 'ADMIN')) items.push({ href: '/competitions', label: 'comp.nav' });
	if (hasRole(viewer, 'CIVIL_AFFAIRS_ANALYST', 'ADMIN')) items.push({ href: '/blacklist', label: 'bl.nav' });
	return items;
}
