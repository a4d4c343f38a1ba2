import { hasRole, type Viewer } from '$lib/viewer';
import type { NavItem } from './index';

/** Caregivers see their own subsidies; institutions their roster and claims; the bureau its queue; finance batches and funds (both read for the bureau's own region, so admins, who have none, do not get them). */
export function subsidiesNav(viewer: Viewer): NavItem[] {
	const items: NavItem[] = [];
	if (viewer.caregiverId) items.push({ href: '/subsidies', label: 'sub.navMine' });
	if (hasRole(viewer, 'INSTITUTION_STAFF')) items.push({ href: '/roster', label: 'sub.navRoster' });
	if (hasRole(viewer, 'INSTITUTION_STAFF', 'HR_REVIEWER', 'HR_APPROVER', 'FINANCE_OFFICER', 'ADMIN'))
		items.push({ href: '/subsidies', label: 'sub.nav' });
	if (hasRole(viewer, 'FINANCE_OFFICER')) items.push({ href: '/payments', label: 'sub.navPayments' });
	if (hasRole(viewer, 'FINANCE_OFFICER', 'HR_APPROVER', 'HR_REVIEWER')) items.push({ href: '/funds', label: 'sub.navFunds' });
	return items;
}
