import { fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, wordFailure } from '$lib/i18n';
import { api } from '$lib/server/api';
import { placeIssues } from '$lib/server/forms';
import type { Actions } from './$types';

const ChangePassword = graphql(
	`
		mutation ChangePassword($input: ChangePasswordInput!) {
			changePassword(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const input = { currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') };
		const { changePassword: result } = await api(event, ChangePassword, { input });
		// The API ends every other session; this one stays valid, so the cookie is left as it is.
		if (result.__typename === 'MutationChangePasswordSuccess') return { changed: true };
		if (result.__typename === 'InputValidationError') {
			const { fields, other } = placeIssues(translator(event.locals.lang), result.fields, ['currentPassword', 'newPassword']);
			return fail(400, { fields, message: other.join('；') || null });
		}
		if (result.__typename === 'InvalidCredentialsError') {
			return fail(400, { fields: { currentPassword: translator(event.locals.lang)('wrongCurrentPassword') } });
		}
		return fail(400, { message: wordFailure(translator(event.locals.lang), result) });
	},
};
