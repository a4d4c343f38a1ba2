import { BUREAU_ROLES, hasRole, type Viewer } from '$lib/viewer';
import type { NavItem } from './index';

/** The workforce dashboard is for the bureaus (civil affairs first) and admins. */
export function workforceNav(viewer: Viewer): NavItem[] {
	return hasRole(viewer, 'ADMIN', ...BUREAU_ROLES) ? [{ href: '/workforce', label: 'wf.nav' }] : [];
}
