import type { Viewer } from '$lib/viewer';
import type { NavItem } from './index';

/** Menu entries of the workforce pages for this viewer. */
export function workforceNav(viewer: Viewer): NavItem[] {
	void viewer;
	return [];
}
