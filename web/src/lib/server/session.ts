import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'carecert_session';

// Secure whenever the portal is served over https; browsers drop Secure cookies on plain http
// (except localhost), which would make sign-in impossible on a test server.
const secure = (url: URL) => url.protocol === 'https:';

/** HttpOnly so scripts never see the token; Lax so a link from elsewhere still arrives signed in. */
export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: string) {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(url), expires: new Date(expiresAt) });
}

export function clearSessionCookie(cookies: Cookies, url: URL) {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(url) });
}

export const LANG_COOKIE = 'lang';

/** Only the server reads it; kept a year, so the choice survives signing out. */
export function setLangCookie(cookies: Cookies, url: URL, lang: string) {
	cookies.set(LANG_COOKIE, lang, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(url), maxAge: 365 * 86_400 });
}
