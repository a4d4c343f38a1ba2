import { hasRole, type Viewer } from '$lib/viewer';
import type { NavItem } from './index';

/** Caregivers see their certificates and exams; assessment bodies run their sessions; anyone may verify. */
export function certificationNav(viewer: Viewer): NavItem[] {
	const items: NavItem[] = [];
	if (viewer.caregiverId) items.push({ href: '/certificates', label: 'cert.nav' });
	if (hasRole(viewer, 'ASSESSOR')) items.push({ href: '/exams', label: 'cert.navExams' });
	if (hasRole(viewer, 'INSTITUTION_STAFF')) items.push({ href: '/lookup', label: 'lookup.nav' });
	if (hasRole(viewer, 'HR_REVIEWER', 'HR_APPROVER', 'ADMIN')) items.push({ href: '/assessors', label: 'reg.nav' });
	items.push({ href: '/verify', label: 'cert.navVerify' });
	return items;
}
