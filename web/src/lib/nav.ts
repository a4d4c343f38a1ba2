import type { MessageKey } from '$lib/i18n';
import { hasRole, mayListCaregivers, type Viewer } from '$lib/viewer';

export type NavItem = { href: string; label: MessageKey };

/** The menu follows the viewer's roles; it links only to pages that exist. */
export function navFor(viewer: Viewer | null): NavItem[] {
	if (!viewer) return [];
	const items: NavItem[] = [{ href: '/', label: 'home' }];
	if (viewer.caregiver) items.push({ href: '/me', label: 'myProfile' });
	if (mayListCaregivers(viewer)) items.push({ href: '/caregivers', label: 'caregiverList' });
	if (hasRole(viewer, 'INSTITUTION_STAFF')) items.push({ href: '/caregivers/new', label: 'registerCaregiver' });
	items.push({ href: '/password', label: 'changePassword' });
	return items;
}
