import { translator, wordFailure } from '$lib/i18n';
import { error, fail, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import { placeIssues } from '$lib/server/forms';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Competitions = graphql(`
	query Competitions($regionCode: String) {
		competitions(first: 50) {
			edges {
				node {
					id
					name
					tier
					year
					status
					certificatesIssued
					region {
						name
						nameEn
					}
					organiser {
						name
					}
					entries(first: 1) {
						totalCount
					}
				}
			}
		}
		organisations(first: 50, kind: BUREAU, regionCode: $regionCode) {
			edges {
				node {
					id
					name
					region {
						code
					}
				}
			}
		}
		defaultCompetitionAwardRules {
			id
			fromRank
			toRank
			title
			promoteTo
			ifHolds {
				holds
				promoteTo
			}
		}
		defaultPromotionMinimums {
			tier
			entrants
			rounds
		}
		skillLevels {
			code
			nameZh
			nameEn
		}
	}
`);

const CreateCompetition = graphql(
	`
		mutation CreateCompetition($input: CreateCompetitionInput!) {
			createCompetition(input: $input) {
				__typename
				... on MutationCreateCompetitionSuccess {
					data {
						id
					}
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

const INPUTS = ['name', 'tier', 'year', 'organiserId', 'theoryWeight', 'minEntrantsForPromotion', 'minRoundsForPromotion'] as const;
const TIERS = ['COUNTY', 'CITY', 'PROVINCE', 'NATIONAL'] as const;

export const load: PageServerLoad = async (event) => {
	const viewer = event.locals.viewer;
	if (!hasRole(viewer, 'HR_REVIEWER', 'HR_APPROVER', 'ADMIN')) error(403, 'forbidden');
	// The organiser is a bureau of the viewer's own region (it issues the certificates).
	const regionCode =
		viewer?.memberships.find((m) => (m.role === 'HR_REVIEWER' || m.role === 'HR_APPROVER') && m.region)?.region?.code ?? null;
	const data = await api(event, Competitions, { regionCode });
	const organisers = data.organisations.edges.map((e) => e.node).filter((o) => !regionCode || o.region.code === regionCode);
	return { ...data, organisers, tiers: TIERS };
};

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const values = Object.fromEntries(INPUTS.map((k) => [k, String(form.get(k) ?? '')]));
		const tier = TIERS.find((t) => t === values.tier) ?? 'CITY';
		const { createCompetition: result } = await api(event, CreateCompetition, {
			input: {
				name: values.name!,
				tier,
				year: Number(values.year),
				organiserId: values.organiserId!,
				theoryWeight: values.theoryWeight ? Number(values.theoryWeight) : null,
				// Blank keeps the tier's default minimums.
				minEntrantsForPromotion: values.minEntrantsForPromotion ? Number(values.minEntrantsForPromotion) : null,
				minRoundsForPromotion: values.minRoundsForPromotion ? Number(values.minRoundsForPromotion) : null,
			},
		});
		if (result.__typename === 'MutationCreateCompetitionSuccess')
			redirect(303, `/competitions/${encodeURIComponent(result.data.id)}?created=1`);
		if (result.__typename === 'InputValidationError')
			return fail(400, { values, ...placeIssues(translator(event.locals.lang), result.fields, INPUTS) });
		return fail(400, { values, fields: {} as Record<string, string>, other: [wordFailure(translator(event.locals.lang), result)] });
	},
};
