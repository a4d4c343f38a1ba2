import { redirect, type Handle } from '@sveltejs/kit';
import { parseLang } from '$lib/i18n';
import { api } from '$lib/server/api';
import { SESSION_COOKIE } from '$lib/server/session';
import { ViewerQuery } from '$lib/viewer';

// The language switch must work before signing in too.
const PUBLIC_PATHS = ['/login', '/lang'];

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.lang = parseLang(event.cookies.get('lang'));
	event.locals.token = event.cookies.get(SESSION_COOKIE) ?? null;
	event.locals.viewer = null;

	if (event.locals.token) {
		// Validated on every request: the API owns sessions, so a logout elsewhere takes effect at once.
		event.locals.viewer = (await api(event, ViewerQuery, {})).viewer;
		if (!event.locals.viewer) {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
			event.locals.token = null;
		}
	}

	if (!event.locals.viewer && !PUBLIC_PATHS.includes(event.url.pathname)) {
		const next = event.url.pathname === '/' ? '' : `?next=${encodeURIComponent(event.url.pathname + event.url.search)}`;
		redirect(303, `/login${next}`);
	}

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang === 'zh' ? 'zh-CN' : 'en')
	});
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	return response;
};
