import type { Viewer } from '$lib/viewer';
import type { NavItem } from './index';

/** Menu entries of the subsidies pages for this viewer. */
export function subsidiesNav(viewer: Viewer): NavItem[] {
	void viewer;
	return [];
}
