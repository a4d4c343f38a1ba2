import { hasRole, type Viewer } from '$lib/viewer';
import type { NavItem } from './index';

/** The operator console: admins look after logins, tokens, the registry and regions; civil affairs keeps its institutions. */
export function operatorNav(viewer: Viewer): NavItem[] {
	const items: NavItem[] = [];
	if (hasRole(viewer, 'ADMIN')) items.push({ href: '/users', label: 'op.navUsers' }, { href: '/tokens', label: 'op.navTokens' });
	if (hasRole(viewer, 'ADMIN', 'CIVIL_AFFAIRS_ANALYST')) items.push({ href: '/organisations', label: 'op.navRegistry' });
	if (hasRole(viewer, 'ADMIN')) items.push({ href: '/regions', label: 'op.navRegions' });
	return items;
}
