import { redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import { clearSessionCookie } from '$lib/server/session';
import type { Actions } from './$types';

const Logout = graphql(`mutation Logout { logout { __typename } }`);
const LogoutEverywhere = graphql(`mutation LogoutEverywhere { logoutEverywhere { __typename } }`);

export const actions: Actions = {
	signout: async (event) => {
		if (event.locals.token) await api(event, Logout, {});
		clearSessionCookie(event.cookies);
		redirect(303, '/login');
	},
	everywhere: async (event) => {
		if (event.locals.token) await api(event, LogoutEverywhere, {});
		clearSessionCookie(event.cookies);
		redirect(303, '/login');
	}
};
