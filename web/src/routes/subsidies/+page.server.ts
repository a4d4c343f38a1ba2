import { translator, wordFailure } from '$lib/i18n';
import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import { claimFilter } from '$lib/server/claims';
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

const BulkApprove = graphql(
	`
		mutation BulkApprove($ids: [ID!]!) {
			approveSubsidyClaims(claimIds: $ids) {
				__typename
				... on MutationApproveSubsidyClaimsSuccess {
					data {
						claimId
						ok
						code
						params {
							name
							value
						}
						message
					}
				}
				...FailureParts
			}
		}
	`,
	[FailureParts],
);

export const load: PageServerLoad = async (event) => {
	const viewer = event.locals.viewer;
	if (!viewer) error(401, 'unauthenticated');
	const q = event.url.searchParams;
	const { filter, variables } = claimFilter(viewer, q);
	const { subsidyClaims } = await api(event, Claims, { ...variables, after: q.get('after') });
	return {
		claims: subsidyClaims,
		filter,
		mayApprove: hasRole(viewer, 'HR_APPROVER', 'ADMIN'),
		mayCreate: !!viewer.caregiverId || hasRole(viewer, 'INSTITUTION_STAFF'),
	};
};

export const actions: Actions = {
	approve: async (event) => {
		const ids = (await event.request.formData()).getAll('id').map(String);
		if (!ids.length) return fail(400, { bulk: null, issue: 'none' });
		const { approveSubsidyClaims: result } = await api(event, BulkApprove, { ids });
		if (result.__typename !== 'MutationApproveSubsidyClaimsSuccess')
			return fail(400, { bulk: null, issue: wordFailure(translator(event.locals.lang), result) });
		const t = translator(event.locals.lang);
		return {
			bulk: {
				ok: result.data.filter((o) => o.ok).length,
				failed: result.data.filter((o) => !o.ok).map((o) => ({ claimId: o.claimId, message: wordFailure(t, o) })),
			},
			issue: null,
		};
	},
};
