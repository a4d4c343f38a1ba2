import type { Viewer } from '$lib/viewer';
import type { NavItem } from './index';

/** Menu entries of the training pages for this viewer. */
export function trainingNav(viewer: Viewer): NavItem[] {
	void viewer;
	return [];
}
