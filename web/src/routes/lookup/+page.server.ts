import { translator, wordFailure } from '$lib/i18n';
import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import { placeIssues } from '$lib/server/forms';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const EmployerLookup = graphql(
	`
		query EmployerLookup($input: EmployerLookupInput!) {
			employerLookup(input: $input) {
				__typename
				... on QueryEmployerLookupSuccess {
					data {
						found
						certificates {
							number
							levelNameZh
							levelNameEn
							issuedOn
							issuerName
						}
						firstAidValidUntil
						blacklisted {
							reason
							until
						}
					}
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

const INPUTS = ['residentId', 'name', 'consent'] as const;
const mayLookUp = (viewer: App.Locals['viewer']) => hasRole(viewer, 'INSTITUTION_STAFF', 'ADMIN');

export const load: PageServerLoad = async (event) => {
	if (!mayLookUp(event.locals.viewer)) error(403, 'forbidden');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		if (!mayLookUp(event.locals.viewer)) error(403, 'forbidden');
		const form = await event.request.formData();
		const values = { residentId: String(form.get('residentId') ?? ''), name: String(form.get('name') ?? '') };
		const { employerLookup: r } = await api(event, EmployerLookup, { input: { ...values, consent: form.get('consent') === 'on' } });
		if (r.__typename === 'QueryEmployerLookupSuccess') return { values, result: r.data };
		if (r.__typename === 'InputValidationError')
			return fail(400, { values, ...placeIssues(translator(event.locals.lang), r.fields, INPUTS) });
		return fail(400, { values, fields: {} as Record<string, string>, other: [wordFailure(translator(event.locals.lang), r)] });
	},
};
