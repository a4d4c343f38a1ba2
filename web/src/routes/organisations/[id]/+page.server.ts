import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, wordFailure } from '$lib/i18n';
import { api } from '$lib/server/api';
import { placeIssues } from '$lib/server/forms';
import { ORGANISATION_INPUTS, organisationFrom, SetActive } from '$lib/server/organisations';
import { regionGroups, scopeOf } from '$lib/server/regions';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const Organisation = graphql(`
	query RegistryOrganisation($id: ID!) {
		node(id: $id) {
			... on Organisation {
				id
				kind
				name
				uscc
				beds
				rating
				active
				deactivatedAt
				region {
					code
					name
					nameEn
				}
			}
		}
	}
`);
const Update = graphql(
	`
		mutation UpdateOrganisation($input: UpdateOrganisationInput!) {
			updateOrganisation(input: $input) {
				__typename
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
	const scope = hasRole(event.locals.viewer, 'ADMIN') ? null : scopeOf(event.locals.viewer);
	const [{ node }, regions] = await Promise.all([api(event, Organisation, { id: event.params.id }), regionGroups(event, scope)]);
	if (!node || !('uscc' in node)) error(404, 'notFound');
	return { organisation: node, regions, mayBlacklist: hasRole(event.locals.viewer, 'CIVIL_AFFAIRS_ANALYST') };
};

/** The answer to closing or reopening: done, or the failure worded. */
function outcome(
	event: RequestEvent,
	r: { __typename: string; code?: string; params?: readonly { name: string; value: string }[]; message?: string },
	done: string,
) {
	if (r.__typename.endsWith('Success')) return { done };
	return fail(400, {
		message: wordFailure(translator(event.locals.lang), {
			code: r.code,
			params: r.params,
			message: wordFailure(translator(event.locals.lang), r) ?? r.__typename,
		}),
	});
}

export const actions: Actions = {
	update: async (event) => {
		keeper(event);
		const values = organisationFrom(await event.request.formData());
		const { updateOrganisation: r } = await api(event, Update, { input: { id: event.params.id, ...values } });
		const t = translator(event.locals.lang);
		if (r.__typename === 'MutationUpdateOrganisationSuccess') return { done: 'op.saved' };
		if (r.__typename === 'InputValidationError') {
			const { fields, other } = placeIssues(translator(event.locals.lang), r.fields, ORGANISATION_INPUTS);
			return fail(400, { values, fields, message: other.join('；') || t('checkFields') });
		}
		return fail(400, { values, fields: {}, message: wordFailure(t, r) });
	},
	deactivate: async (event) => {
		keeper(event);
		return outcome(event, (await api(event, SetActive.deactivate, { id: event.params.id })).deactivateOrganisation, 'op.deactivated');
	},
	reactivate: async (event) => {
		keeper(event);
		return outcome(event, (await api(event, SetActive.reactivate, { id: event.params.id })).reactivateOrganisation, 'op.reactivated');
	},
};
