import { BUREAU_ROLES, hasRole, type Viewer } from '$lib/viewer';
import type { NavItem } from './index';

/** Caregivers find and follow courses; providers run them; colleges run directed classes; bureaus follow both. */
export function trainingNav(viewer: Viewer): NavItem[] {
	const items: NavItem[] = [];
	if (viewer.caregiverId) items.push({ href: '/trainings', label: 'tr.navMine' });
	if (viewer.caregiverId || hasRole(viewer, 'TRAINING_PROVIDER_STAFF', 'INSTITUTION_STAFF', 'ADMIN', ...BUREAU_ROLES))
		items.push({ href: '/courses', label: 'tr.navCourses' });
	if (hasRole(viewer, 'COLLEGE_STAFF', 'ADMIN', ...BUREAU_ROLES)) items.push({ href: '/classes', label: 'dir.navClasses' });
	if (hasRole(viewer, 'COLLEGE_STAFF', 'HR_REVIEWER', 'HR_APPROVER', 'FINANCE_OFFICER', 'ADMIN'))
		items.push({ href: '/repayments', label: 'dir.navRepayments' });
	if (hasRole(viewer, 'COLLEGE_STAFF', 'TRAINING_PROVIDER_STAFF')) items.push({ href: '/imports', label: 'tr.navImports' });
	return items;
}
