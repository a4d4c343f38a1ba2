import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'carecert_session';

/** HttpOnly so scripts never see the token; Secure whenever the portal is served over https. */
export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: string) {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: new Date(expiresAt)
	});
}

export function clearSessionCookie(cookies: Cookies) {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
