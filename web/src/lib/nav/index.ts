import type { MessageKey } from '$lib/i18n';
import { hasRole, mayListCaregivers, type Viewer } from '$lib/viewer';
import { certificationNav } from './certification';
import { competitionsNav } from './competitions';
import { operatorNav } from './operator';
import { policiesNav } from './policies';
import { subsidiesNav } from './subsidies';
import { trainingNav } from './training';
import { workforceNav } from './workforce';

export type NavItem = { href: string; label: MessageKey };

/** The menu follows the viewer's roles and links only to pages that exist. */
export function navFor(viewer: Viewer | null): NavItem[] {
	if (!viewer) return [];
	const items: NavItem[] = [{ href: '/', label: 'home' }];
	if (viewer.caregiverId) items.push({ href: '/me', label: 'myProfile' });
	if (mayListCaregivers(viewer)) items.push({ href: '/caregivers', label: 'caregiverList' });
	if (hasRole(viewer, 'INSTITUTION_STAFF')) items.push({ href: '/caregivers/new', label: 'registerCaregiver' });
	items.push(
		...trainingNav(viewer),
		...certificationNav(viewer),
		...competitionsNav(viewer),
		...subsidiesNav(viewer),
		...workforceNav(viewer),
		...operatorNav(viewer),
		...policiesNav(viewer),
	);
	items.push({ href: '/password', label: 'changePassword' });
	return items;
}
