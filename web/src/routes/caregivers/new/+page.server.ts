import { error, fail, redirect } from '@sveltejs/kit';
import { CONTRACT_TYPES, EDUCATIONS, oneOf, POSTS } from '$lib/enums';
import { graphql } from '$lib/graphql';
import { FailureParts } from '$lib/graphql/failure';
import { translator, wordFailure } from '$lib/i18n';
import { api } from '$lib/server/api';
import { formDate, placeIssues } from '$lib/server/forms';
import { provinceOf, regionGroups } from '$lib/server/regions';
import { employingInstitution } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Register = graphql(
	`
		mutation RegisterCaregiver($input: RegisterCaregiverInput!) {
			registerCaregiver(input: $input) {
				__typename
				... on MutationRegisterCaregiverSuccess {
					data {
						existing
						caregiver {
							id
						}
					}
				}
				... on InputValidationError {
					fields {
						path
						code
						message
						params {
							name
							value
						}
					}
				}
				...FailureParts
			}
		}
	`,
	[FailureParts],
);

const INPUTS = ['name', 'residentId', 'phone', 'education', 'regionCode', 'post', 'contractType', 'startDate', 'contractEndsOn'] as const;

export const load: PageServerLoad = async (event) => {
	const institution = employingInstitution(event.locals.viewer);
	if (!institution) error(403, 'forbidden');
	// Most staff live near where they work: the institution's province, its own county preselected.
	const regions = await regionGroups(event, provinceOf(institution.region.code));
	return { institution, regions, defaultRegion: institution.region.code };
};

export const actions: Actions = {
	default: async (event) => {
		const institution = employingInstitution(event.locals.viewer);
		if (!institution) error(403, 'forbidden');
		const t = translator(event.locals.lang);
		const form = await event.request.formData();
		const values = Object.fromEntries(INPUTS.map((k) => [k, String(form.get(k) ?? '').trim()])) as Record<(typeof INPUTS)[number], string>;
		const fullTime = form.get('fullTime') === 'on';
		const education = oneOf(EDUCATIONS, values.education);
		const post = oneOf(POSTS, values.post);
		const contractType = oneOf(CONTRACT_TYPES, values.contractType);
		const startDate = formDate(values.startDate);
		const contractEndsOn = formDate(values.contractEndsOn);

		// Choices the API cannot even parse are caught here, so they are reported per field like the rest.
		const local: Record<string, string> = {};
		if (!education) local.education = t('checkFields');
		if (!post) local.post = t('checkFields');
		if (!contractType) local.contractType = t('checkFields');
		if (!startDate) local.startDate = t('dateRequired');
		if (values.contractEndsOn && !contractEndsOn) local.contractEndsOn = t('checkFields');
		if (!education || !post || !contractType || !startDate || Object.keys(local).length)
			return fail(400, { values, fullTime, fields: local, message: t('checkFields') });

		const { registerCaregiver: result } = await api(event, Register, {
			input: {
				name: values.name,
				residentId: values.residentId.toUpperCase(),
				phone: values.phone || null,
				education,
				regionCode: values.regionCode,
				employment: { institutionId: institution.id, post, contractType, fullTime, startDate, contractEndsOn },
			},
		});
		if (result.__typename === 'MutationRegisterCaregiverSuccess') {
			redirect(303, `/caregivers/${encodeURIComponent(result.data.caregiver.id)}${result.data.existing ? '?hired' : ''}`);
		}
		if (result.__typename === 'InputValidationError') {
			const { fields, other } = placeIssues(translator(event.locals.lang), result.fields, INPUTS);
			return fail(400, { values, fullTime, fields, message: [t('checkFields'), ...other].join(' ') });
		}
		return fail(400, { values, fullTime, fields: {}, message: wordFailure(translator(event.locals.lang), result) });
	},
};
