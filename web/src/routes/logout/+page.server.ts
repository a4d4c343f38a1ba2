import { redirect, type RequestEvent } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import { clearSessionCookie } from '$lib/server/session';
import type { Actions } from './$types';

const Logout = graphql(`
	mutation Logout {
		logout {
			__typename
		}
	}
`);
const LogoutEverywhere = graphql(`
	mutation LogoutEverywhere {
		logoutEverywhere {
			__typename
		}
	}
`);

async function signOut(event: RequestEvent, endSessions: () => Promise<unknown>) {
	try {
		if (event.locals.token) await endSessions();
	} finally {
		// Even when the API fails the browser is signed out; the error page then says the rest.
		clearSessionCookie(event.cookies, event.url);
	}
	redirect(303, '/login');
}

export const actions: Actions = {
	signout: (event) => signOut(event, () => api(event, Logout, {})),
	everywhere: (event) => signOut(event, () => api(event, LogoutEverywhere, {})),
};
