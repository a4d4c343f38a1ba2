import { BUREAU_ROLES, hasRole, type Viewer } from '$lib/viewer';
import type { NavItem } from './index';

/** The operator console: admins look after logins, tokens, the registry, regions and background jobs; civil affairs keeps its institutions; admins and bureaus read the audit log. */
export function operatorNav(viewer: Viewer): NavItem[] {
	const items: NavItem[] = [];
	if (hasRole(viewer, 'ADMIN')) items.push({ href: '/users', label: 'op.navUsers' }, { href: '/tokens', label: 'op.navTokens' });
	if (hasRole(viewer, 'ADMIN', 'CIVIL_AFFAIRS_ANALYST')) items.push({ href: '/organisations', label: 'op.navRegistry' });
	if (hasRole(viewer, 'ADMIN'))
		items.push(
			{ href: '/regions', label: 'op.navRegions' },
			{ href: '/jobs', label: 'op.navJobs' },
			{ href: '/webhooks', label: 'nt.webhooks' },
			{ href: '/sms', label: 'nt.smsLog' },
		);
	// Bureaus read the audit rows of their own region; the API narrows the rows.
	if (hasRole(viewer, 'ADMIN', ...BUREAU_ROLES)) items.push({ href: '/audit', label: 'op.navAudit' });
	return items;
}
