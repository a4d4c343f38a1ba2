import { translator, wordFailure } from '$lib/i18n';
import { error, fail, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Choices = graphql(`
	query ClaimChoices($employees: Boolean!, $own: Boolean!) {
		caregivers(currentlyEmployed: true, first: 200) @include(if: $employees) {
			edges {
				node {
					id
					name
					education
					employments(first: 5) {
						edges {
							node {
								id
								current
								startDate
								institution {
									name
								}
							}
						}
					}
				}
			}
		}
		certificates(first: 20) @include(if: $own) {
			edges {
				node {
					id
					number
					issuedOn
					status
					level {
						nameZh
						nameEn
					}
				}
			}
		}
	}
`);

const Create = graphql(
	`
		mutation CreateClaim($input: SubsidyClaimInput!) {
			createSubsidyClaim(input: $input) {
				__typename
				... on MutationCreateSubsidyClaimSuccess {
					data {
						id
					}
				}
				... on DuplicateClaimError {
					message
					existingReference
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

export const load: PageServerLoad = async (event) => {
	const viewer = event.locals.viewer;
	const employees = hasRole(viewer, 'INSTITUTION_STAFF');
	const own = !!viewer?.caregiverId;
	if (!employees && !own) error(403, 'forbidden');
	const choices = await api(event, Choices, { employees, own });
	const staff = (choices.caregivers?.edges ?? []).flatMap(({ node }) =>
		node.employments.edges
			.filter((e) => e.node.current)
			.map((e) => ({
				caregiverId: node.id,
				employmentId: e.node.id,
				label: `${node.name} · ${e.node.institution.name} · ${e.node.startDate}`,
			})),
	);
	return { staff, certificates: (choices.certificates?.edges ?? []).map((e) => e.node).filter((c) => c.status === 'VALID') };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const kind = String(form.get('kind'));
		const input =
			kind === 'ONBOARDING_AWARD'
				? {
						kind: 'ONBOARDING_AWARD' as const,
						caregiverId: String(form.get('caregiverId') ?? ''),
						employmentId: String(form.get('employmentId') ?? ''),
						graduatedOn: String(form.get('graduatedOn') ?? '') || null,
					}
				: {
						kind: (kind === 'SKILLS_UPGRADE' ? 'SKILLS_UPGRADE' : 'CERTIFICATION') as 'SKILLS_UPGRADE' | 'CERTIFICATION',
						certificateId: String(form.get('certificateId') ?? ''),
					};
		const { createSubsidyClaim: result } = await api(event, Create, { input });
		if (result.__typename === 'MutationCreateSubsidyClaimSuccess') redirect(303, `/subsidies/${encodeURIComponent(result.data.id)}`);
		return fail(400, { issue: wordFailure(translator(event.locals.lang), result) });
	},
};
