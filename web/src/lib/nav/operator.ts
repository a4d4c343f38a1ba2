import { hasRole, type Viewer } from '$lib/viewer';
import type { NavItem } from './index';

/** The operator console: admins look after logins and other systems' tokens. */
export function operatorNav(viewer: Viewer): NavItem[] {
	const items: NavItem[] = [];
	if (hasRole(viewer, 'ADMIN')) items.push({ href: '/users', label: 'op.navUsers' }, { href: '/tokens', label: 'op.navTokens' });
	return items;
}
