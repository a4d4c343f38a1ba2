import type { Viewer } from '$lib/viewer';
import type { NavItem } from './index';

/** Menu entries of the certification pages for this viewer. */
export function certificationNav(viewer: Viewer): NavItem[] {
	void viewer;
	return [];
}
