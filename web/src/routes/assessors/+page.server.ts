import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Registrations = graphql(`
	query AssessorRegistrations {
		assessorRegistrations { id status levelCodes note decisionReason createdAt organisation { name uscc } }
	}
`);
const Decide = graphql(`
	mutation DecideAssessorRegistration($input: DecideAssessorInput!) {
		decideAssessorRegistration(input: $input) { __typename ... on InputValidationError { fields { message } } ... on Error { message } }
	}
`);

export const load: PageServerLoad = async (event) => {
	if (!hasRole(event.locals.viewer, 'HR_REVIEWER', 'HR_APPROVER', 'ADMIN')) error(403, 'forbidden');
	return { ...(await api(event, Registrations, {})), mayDecide: hasRole(event.locals.viewer, 'HR_APPROVER', 'ADMIN') };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const registrationId = String(form.get('registrationId') ?? '');
		const { decideAssessorRegistration: r } = await api(event, Decide, { input: { registrationId, approve: form.get('approve') === 'yes', reason: String(form.get('reason') ?? '') || null } });
		if (r.__typename === 'MutationDecideAssessorRegistrationSuccess') return { done: registrationId };
		return fail(400, { registrationId, message: r.__typename === 'InputValidationError' ? r.fields.map((f) => f.message).join('；') : r.message });
	}
};
