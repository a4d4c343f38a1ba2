import { translator } from '$lib/i18n';
import { fail, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { IssueParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import { placeIssues } from '$lib/server/forms';
import { sameSitePath } from '$lib/server/redirects';
import { setSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

const Login = graphql(
	`
		mutation Login($input: LoginInput!) {
			login(input: $input) {
				__typename
				... on MutationLoginSuccess {
					data {
						token
						expiresAt
					}
				}
				... on TooManyAttemptsError {
					retryAfterSeconds
				}
				...IssueParts
			}
		}
	`,
	[IssueParts],
);

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.viewer) redirect(303, sameSitePath(url.searchParams.get('next')));
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const username = String(form.get('username') ?? '').trim();
		const password = String(form.get('password') ?? '');
		const { login } = await api(event, Login, { input: { username, password } }, { token: null });
		if (login.__typename === 'MutationLoginSuccess') {
			setSessionCookie(event.cookies, event.url, login.data.token, login.data.expiresAt);
			redirect(303, sameSitePath(event.url.searchParams.get('next')));
		}
		if (login.__typename === 'TooManyAttemptsError') {
			return fail(429, { username, error: 'throttled' as const, minutes: Math.max(1, Math.ceil(login.retryAfterSeconds / 60)) });
		}
		if (login.__typename === 'InputValidationError') {
			return fail(400, { username, fields: placeIssues(translator(event.locals.lang), login.fields, ['username', 'password']).fields });
		}
		// Never say which of the two was wrong, nor anything else the API knows.
		return fail(400, { username, error: 'wrongCredentials' as const });
	},
};
