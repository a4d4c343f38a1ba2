import { hasRole, type Viewer } from '$lib/viewer';
import type { NavItem } from './index';

/**
 * The policy data behind the rules: policies for the approving bureau, funds for finance (and the
 * bureau reading its own), targets for civil affairs, the holiday calendar for admins. Admins, who
 * have no region, choose one on each page.
 */
export function policiesNav(viewer: Viewer): NavItem[] {
	const items: NavItem[] = [];
	if (hasRole(viewer, 'HR_APPROVER', 'ADMIN')) items.push({ href: '/policies', label: 'pol.nav' });
	// The bureau roles reach the funds from the subsidies menu already; one link per page.
	if (hasRole(viewer, 'ADMIN') && !hasRole(viewer, 'FINANCE_OFFICER', 'HR_APPROVER', 'HR_REVIEWER'))
		items.push({ href: '/funds', label: 'sub.navFunds' });
	if (hasRole(viewer, 'CIVIL_AFFAIRS_ANALYST', 'ADMIN')) items.push({ href: '/targets', label: 'tgt.nav' });
	if (hasRole(viewer, 'ADMIN')) items.push({ href: '/calendar', label: 'cal.nav' });
	return items;
}
