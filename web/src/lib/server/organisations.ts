import { graphql, type EnumOf } from '$lib/graphql';

export const ORGANISATION_KINDS = [
	'INSTITUTION',
	'COLLEGE',
	'TRAINING_PROVIDER',
	'ASSESSOR',
	'BUREAU',
] as const satisfies readonly EnumOf<'OrganisationKind'>[];

/** The registry form's fields as the API's input (kind aside). */
export function organisationFrom(form: FormData) {
	const beds = String(form.get('beds') ?? '').trim();
	return {
		name: String(form.get('name') ?? '').trim(),
		uscc: String(form.get('uscc') ?? '').trim(),
		regionCode: String(form.get('regionCode') ?? ''),
		beds: beds === '' ? null : Number.isInteger(Number(beds)) ? Number(beds) : -1,
		rating: String(form.get('rating') ?? '').trim() || null,
	};
}

export const ORGANISATION_INPUTS = ['kind', 'name', 'uscc', 'regionCode', 'beds', 'rating'];

export const SetActive = {
	deactivate: graphql(`
		mutation DeactivateOrganisation($id: ID!) {
			deactivateOrganisation(id: $id) {
				__typename
				... on Error {
					code
					params {
						name
						value
					}
					message
				}
			}
		}
	`),
	reactivate: graphql(`
		mutation ReactivateOrganisation($id: ID!) {
			reactivateOrganisation(id: $id) {
				__typename
				... on Error {
					code
					params {
						name
						value
					}
					message
				}
			}
		}
	`),
};
