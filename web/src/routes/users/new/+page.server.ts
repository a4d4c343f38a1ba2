import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, wordFailure } from '$lib/i18n';
import { api } from '$lib/server/api';
import { ASSIGNABLE_ROLES, membershipsFrom, placeUserIssues, ROLE_ROWS, roleChoices } from '$lib/server/operator';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const CreateUser = graphql(
	`
		mutation CreateUser($input: CreateUserInput!) {
			createUser(input: $input) {
				__typename
				... on MutationCreateUserSuccess {
					data {
						temporaryPassword
						user {
							id
							username
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

export const load: PageServerLoad = async (event) => {
	if (!hasRole(event.locals.viewer, 'ADMIN')) error(403, 'forbidden');
	return { ...(await roleChoices(event)), roles: ASSIGNABLE_ROLES, rowCount: ROLE_ROWS };
};

export const actions: Actions = {
	default: async (event) => {
		if (!hasRole(event.locals.viewer, 'ADMIN')) error(403, 'forbidden');
		const form = await event.request.formData();
		const values = { username: String(form.get('username') ?? '').trim(), displayName: String(form.get('displayName') ?? '').trim() };
		const memberships = membershipsFrom(form);
		const { createUser: r } = await api(event, CreateUser, { input: { ...values, memberships } });
		const t = translator(event.locals.lang);
		// The temporary password is shown in this answer only: never in an address, a cookie or a log.
		if (r.__typename === 'MutationCreateUserSuccess') return { created: { ...r.data.user, temporaryPassword: r.data.temporaryPassword } };
		if (r.__typename === 'InputValidationError') {
			const { fields, other } = placeUserIssues(r.fields, (issue) => wordFailure(t, issue));
			return fail(400, { values, memberships, fields, message: other.join('；') || t('checkFields') });
		}
		return fail(400, { values, memberships, fields: {}, message: wordFailure(t, r) });
	},
};
