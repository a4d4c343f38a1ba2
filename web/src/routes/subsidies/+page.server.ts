import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Claims = graphql(`
	query SubsidyClaims($status: [ClaimStatus!], $kind: SubsidyKind, $month: String, $after: String) {
		subsidyClaims(status: $status, kind: $kind, month: $month, first: 50, after: $after) {
			totalCount
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					id
					reference
					kind
					status
					subjectKey
					amountYuan
					reviewedByMe
					caregiver {
						name
					}
					region {
						name
					}
					instalments {
						seq
						dueOn
						amountYuan
						status
					}
				}
			}
		}
	}
`);

const BulkApprove = graphql(`
	mutation BulkApprove($ids: [ID!]!) {
		approveSubsidyClaims(claimIds: $ids) {
			__typename
			... on MutationApproveSubsidyClaimsSuccess {
				data {
					claimId
					ok
					code
					message
				}
			}
			... on Error {
				message
			}
		}
	}
`);

const STATUSES = ['DRAFT', 'SUBMITTED', 'REVIEWED', 'PUBLICISED', 'APPROVED', 'PAID', 'REJECTED', 'WITHDRAWN', 'REVOKED'] as const;
const KINDS = ['ONBOARDING_AWARD', 'POST_SUBSIDY', 'SKILLS_UPGRADE', 'CERTIFICATION', 'TRAINING', 'COMPETITION_AWARD'] as const;

export const load: PageServerLoad = async (event) => {
	const viewer = event.locals.viewer;
	if (!viewer) error(401, 'unauthenticated');
	const q = event.url.searchParams;
	// The approver's queue opens on reviewed claims, the reviewer's on submitted ones; others see everything.
	const fallback = hasRole(viewer, 'HR_APPROVER') ? 'REVIEWED' : hasRole(viewer, 'HR_REVIEWER') ? 'SUBMITTED' : '';
	const status = q.get('status') ?? fallback;
	const kind = q.get('kind') ?? '';
	const month = /^\d{4}-\d{2}$/.test(q.get('month') ?? '') ? q.get('month')! : '';
	const { subsidyClaims } = await api(event, Claims, {
		status: STATUSES.includes(status as (typeof STATUSES)[number]) ? [status as (typeof STATUSES)[number]] : null,
		kind: KINDS.includes(kind as (typeof KINDS)[number]) ? (kind as (typeof KINDS)[number]) : null,
		month: month || null,
		after: q.get('after'),
	});
	return {
		claims: subsidyClaims,
		filter: { status, kind, month },
		mayApprove: hasRole(viewer, 'HR_APPROVER', 'ADMIN'),
		mayCreate: !!viewer.caregiverId || hasRole(viewer, 'INSTITUTION_STAFF'),
	};
};

export const actions: Actions = {
	approve: async (event) => {
		const ids = (await event.request.formData()).getAll('id').map(String);
		if (!ids.length) return fail(400, { bulk: null, issue: 'none' });
		const { approveSubsidyClaims: result } = await api(event, BulkApprove, { ids });
		if (result.__typename !== 'MutationApproveSubsidyClaimsSuccess') return fail(400, { bulk: null, issue: result.message });
		return { bulk: { ok: result.data.filter((o) => o.ok).length, failed: result.data.filter((o) => !o.ok) }, issue: null };
	},
};
