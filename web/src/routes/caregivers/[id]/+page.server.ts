import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { translator } from '$lib/i18n';
import { api } from '$lib/server/api';
import { CaregiverDetailQuery } from '$lib/server/caregivers';
import { formDate } from '$lib/server/forms';
import { employingInstitution, mayListCaregivers } from '$lib/viewer';
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

const Reauthenticate = graphql(`
	mutation Reauthenticate($password: String!) {
		reauthenticate(password: $password) {
			__typename
			... on Error { message }
		}
	}
`);

const RevealResidentId = graphql(`
	mutation RevealResidentId($input: RevealResidentIdInput!) {
		revealResidentId(input: $input) {
			__typename
			... on MutationRevealResidentIdSuccess { data { residentId } }
			... on InputValidationError { fields { path message } }
			... on Error { message }
		}
	}
`);

export const load: PageServerLoad = async (event) => {
	if (!mayListCaregivers(event.locals.viewer)) error(403, 'forbidden');
	const { caregiver } = await api(event, CaregiverDetailQuery, { id: event.params.id });
	if (!caregiver) error(404, 'notFound');
	return { caregiver, endableAt: employingInstitution(event.locals.viewer)?.id ?? null };
};

export const actions: Actions = {
	end: async (event) => {
		const form = await event.request.formData();
		const employmentId = String(form.get('employmentId') ?? '');
		const endDate = formDate(form.get('endDate'));
		if (!endDate) return fail(400, { endIssue: { employmentId, message: translator(event.locals.lang)('dateRequired') } });
		const { updateEmployment: result } = await api(event, EndEmployment, { id: employmentId, input: { endDate } });
		if (result.__typename === 'MutationUpdateEmploymentSuccess') return { ended: true };
		// The form has one input, so every issue belongs under it.
		const message = result.__typename === 'InputValidationError' ? result.fields.map((f) => f.message).join('；') : result.message;
		return fail(400, { endIssue: { employmentId, message } });
	},
	// The password is asked with the purpose, in one step: the API wants it entered again for this.
	reveal: async (event) => {
		const form = await event.request.formData();
		const purpose = String(form.get('purpose') ?? '');
		const { reauthenticate } = await api(event, Reauthenticate, { password: String(form.get('password') ?? '') });
		if (reauthenticate.__typename !== 'MutationReauthenticateSuccess') return fail(400, { revealIssue: { purpose, password: reauthenticate.message, purposeMessage: undefined } });
		const { revealResidentId: result } = await api(event, RevealResidentId, { input: { caregiverId: event.params.id, purpose } });
		if (result.__typename === 'MutationRevealResidentIdSuccess') return { residentId: result.data.residentId };
		if (result.__typename === 'InputValidationError') return fail(400, { revealIssue: { purpose, password: undefined, purposeMessage: result.fields.map((f) => f.message).join('；') } });
		return fail(400, { revealIssue: { purpose, password: undefined, purposeMessage: result.message } });
	}
};
