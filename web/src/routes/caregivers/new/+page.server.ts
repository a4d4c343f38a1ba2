import { error, fail, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api, fieldErrors } from '$lib/server/api';
import { employingInstitution } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Counties = graphql(`
	query Counties {
		regions(first: 200, level: COUNTY) { edges { node { code name parent { name } } } }
	}
`);

const Register = graphql(`
	mutation RegisterCaregiver($input: RegisterCaregiverInput!) {
		registerCaregiver(input: $input) {
			__typename
			... on MutationRegisterCaregiverSuccess { data { existing caregiver { id } } }
			... on InputValidationError { fields { path message } }
			... on Error { message code }
		}
	}
`);

const EDUCATIONS = ['NONE', 'JUNIOR', 'SENIOR', 'SECONDARY_VOCATIONAL', 'COLLEGE', 'BACHELOR', 'MASTER_PLUS'] as const;
const POSTS = ['CARE_WORKER', 'DIRECTOR', 'SOCIAL_WORKER'] as const;
const CONTRACTS = ['LABOUR', 'DISPATCH'] as const;
const oneOf = <T extends string>(values: readonly T[], v: FormDataEntryValue | null, fallback: T): T =>
	values.includes(String(v) as T) ? (String(v) as T) : fallback;

export const load: PageServerLoad = async (event) => {
	const institution = employingInstitution(event.locals.viewer);
	if (!institution) error(403, 'forbidden');
	const { regions } = await api(event, Counties, {});
	return { institution, counties: regions.edges.map((e) => e.node) };
};

export const actions: Actions = {
	default: async (event) => {
		const institution = employingInstitution(event.locals.viewer);
		if (!institution) error(403, 'forbidden');
		const form = await event.request.formData();
		const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
		const { registerCaregiver: result } = await api(event, Register, {
			input: {
				name: values.name ?? '',
				residentId: values.residentId ?? '',
				phone: values.phone || null,
				education: oneOf(EDUCATIONS, form.get('education'), 'JUNIOR'),
				regionCode: values.regionCode ?? '',
				employment: {
					institutionId: institution.id,
					post: oneOf(POSTS, form.get('post'), 'CARE_WORKER'),
					contractType: oneOf(CONTRACTS, form.get('contractType'), 'LABOUR'),
					fullTime: form.get('fullTime') === 'on',
					startDate: values.startDate ?? ''
				}
			}
		});
		if (result.__typename === 'MutationRegisterCaregiverSuccess') {
			redirect(303, `/caregivers/${encodeURIComponent(result.data.caregiver.id)}${result.data.existing ? '?hired=1' : ''}`);
		}
		if (result.__typename === 'InputValidationError') return fail(400, { values, fields: fieldErrors(result.fields) });
		return fail(400, { values, message: result.message });
	}
};
