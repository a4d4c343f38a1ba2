import { fail, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api, fieldErrors } from '$lib/server/api';
import { setSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

const Login = graphql(`
	mutation Login($input: LoginInput!) {
		login(input: $input) {
			__typename
			... on MutationLoginSuccess { data { token expiresAt } }
			... on TooManyAttemptsError { retryAfterSeconds }
			... on InputValidationError { fields { path message } }
			... on Error { message }
		}
	}
`);

// Only same-site paths, so the login page cannot be used to send someone elsewhere.
const safeNext = (next: string | null) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.viewer) redirect(303, safeNext(url.searchParams.get('next')));
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const username = String(form.get('username') ?? '');
		const password = String(form.get('password') ?? '');
		const { login } = await api(event, Login, { input: { username, password } }, { token: null });
		switch (login.__typename) {
			case 'MutationLoginSuccess':
				setSessionCookie(event.cookies, event.url, login.data.token, login.data.expiresAt);
				redirect(303, safeNext(event.url.searchParams.get('next')));
			// falls through never: redirect throws
			case 'TooManyAttemptsError':
				return fail(429, { username, error: 'throttled' as const, minutes: Math.ceil(login.retryAfterSeconds / 60) });
			case 'InputValidationError':
				return fail(400, { username, error: null, fields: fieldErrors(login.fields) });
			default:
				return fail(400, { username, error: 'wrongCredentials' as const });
		}
	}
};
