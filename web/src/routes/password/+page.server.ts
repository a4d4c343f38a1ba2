import { fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api, fieldErrors } from '$lib/server/api';
import type { Actions } from './$types';

const ChangePassword = graphql(`
	mutation ChangePassword($input: ChangePasswordInput!) {
		changePassword(input: $input) {
			__typename
			... on InputValidationError { fields { path message } }
			... on Error { message }
		}
	}
`);

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const input = { currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') };
		const { changePassword } = await api(event, ChangePassword, { input });
		if (changePassword.__typename === 'MutationChangePasswordSuccess') return { changed: true };
		if (changePassword.__typename === 'InputValidationError') return fail(400, { fields: fieldErrors(changePassword.fields) });
		return fail(400, { fields: { currentPassword: changePassword.message } });
	}
};
