import type { EnumOf } from '$lib/graphql';
import { hasRole, type Viewer } from '$lib/viewer';

const STATUSES = ['DRAFT', 'SUBMITTED', 'REVIEWED', 'PUBLICISED', 'APPROVED', 'PAID', 'REJECTED', 'WITHDRAWN', 'REVOKED'] as const;
const KINDS = ['ONBOARDING_AWARD', 'POST_SUBSIDY', 'SKILLS_UPGRADE', 'CERTIFICATION', 'TRAINING', 'COMPETITION_AWARD'] as const;

/**
 * The claim list's filter from its address, for the page and its export alike (the export holds what
 * the page lists). The approver's queue opens on reviewed claims, the reviewer's on submitted ones;
 * others see everything.
 */
export function claimFilter(viewer: Viewer, q: URLSearchParams) {
	const fallback = hasRole(viewer, 'HR_APPROVER') ? 'REVIEWED' : hasRole(viewer, 'HR_REVIEWER') ? 'SUBMITTED' : '';
	const status = q.get('status') ?? fallback;
	const kind = q.get('kind') ?? '';
	const month = /^\d{4}-\d{2}$/.test(q.get('month') ?? '') ? q.get('month')! : '';
	return {
		filter: { status, kind, month },
		variables: {
			status: STATUSES.includes(status as (typeof STATUSES)[number]) ? [status as EnumOf<'ClaimStatus'>] : null,
			kind: KINDS.includes(kind as (typeof KINDS)[number]) ? (kind as EnumOf<'SubsidyKind'>) : null,
			month: month || null,
		},
	};
}
