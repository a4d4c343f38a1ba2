import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, wordFailure } from '$lib/i18n';
import { api } from '$lib/server/api';
import { placeIssues } from '$lib/server/forms';
import { ORGANISATION_INPUTS, ORGANISATION_KINDS, organisationFrom } from '$lib/server/organisations';
import { regionGroups, scopeOf } from '$lib/server/regions';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const Organisations = graphql(`
	query RegistryOrganisations($kind: OrganisationKind, $search: String, $regionCode: String, $after: String) {
		organisations(first: 50, after: $after, kind: $kind, search: $search, regionCode: $regionCode) {
			totalCount
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					id
					kind
					name
					uscc
					beds
					rating
					active
					region {
						code
						name
						nameEn
					}
				}
			}
		}
	}
`);
const Register = graphql(
	`
		mutation RegisterOrganisation($input: RegisterOrganisationInput!) {
			registerOrganisation(input: $input) {
				__typename
				... on MutationRegisterOrganisationSuccess {
					data {
						id
						name
					}
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

function keeper(event: RequestEvent) {
	if (!hasRole(event.locals.viewer, 'ADMIN', 'CIVIL_AFFAIRS_ANALYST')) error(403, 'forbidden');
}

export const load: PageServerLoad = async (event) => {
	keeper(event);
	const params = event.url.searchParams;
	const kind = ORGANISATION_KINDS.find((k) => k === params.get('kind')) ?? null;
	const search = params.get('q')?.trim().slice(0, 50) || null;
	// Civil affairs sees its own region's registry; admins the whole country.
	const scope = hasRole(event.locals.viewer, 'ADMIN') ? null : scopeOf(event.locals.viewer);
	const [{ organisations }, regions] = await Promise.all([
		api(event, Organisations, { kind, search, regionCode: scope, after: params.get('after') || null }),
		regionGroups(event, scope),
	]);
	// Civil affairs registers care institutions only; the form offers what the API would accept.
	const kinds = hasRole(event.locals.viewer, 'ADMIN') ? ORGANISATION_KINDS : (['INSTITUTION'] as const);
	return { organisations, regions, kind, search, kinds, allKinds: ORGANISATION_KINDS };
};

export const actions: Actions = {
	register: async (event) => {
		keeper(event);
		const form = await event.request.formData();
		const kind = ORGANISATION_KINDS.find((k) => k === form.get('kind')) ?? 'INSTITUTION';
		const values = { kind, ...organisationFrom(form) };
		const { registerOrganisation: r } = await api(event, Register, { input: values });
		const t = translator(event.locals.lang);
		if (r.__typename === 'MutationRegisterOrganisationSuccess') return { registered: r.data.name };
		if (r.__typename === 'InputValidationError') {
			const { fields, other } = placeIssues(translator(event.locals.lang), r.fields, ORGANISATION_INPUTS);
			return fail(400, { values, fields, message: other.join('；') || t('checkFields') });
		}
		return fail(400, { values, fields: {}, message: wordFailure(t, r) });
	},
};
