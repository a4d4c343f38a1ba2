import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api, fieldErrors } from '$lib/server/api';
import { CaregiverDetailQuery } from '$lib/server/caregivers';
import { employingInstitution } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const EndEmployment = graphql(`
	mutation EndEmployment($id: ID!, $input: UpdateEmploymentInput!) {
		updateEmployment(id: $id, input: $input) {
			__typename
			... on InputValidationError { fields { path message } }
			... on Error { message }
		}
	}
`);

export const load: PageServerLoad = async (event) => {
	const { caregiver } = await api(event, CaregiverDetailQuery, { id: event.params.id });
	if (!caregiver) error(404, 'notFound');
	return { caregiver, canEndAt: employingInstitution(event.locals.viewer)?.id ?? null };
};

export const actions: Actions = {
	end: async (event) => {
		const form = await event.request.formData();
		const { updateEmployment } = await api(event, EndEmployment, {
			id: String(form.get('employmentId')),
			input: { endDate: String(form.get('endDate')) }
		});
		if (updateEmployment.__typename === 'MutationUpdateEmploymentSuccess') return { ended: true };
		if (updateEmployment.__typename === 'InputValidationError') return fail(400, { fields: fieldErrors(updateEmployment.fields) });
		return fail(400, { message: updateEmployment.message });
	}
};
