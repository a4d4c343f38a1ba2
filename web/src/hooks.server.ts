import { redirect, type Handle, type HandleServerError } from '@sveltejs/kit';
import { htmlLang, parseLang, translator } from '$lib/i18n';
import { ApiError } from '$lib/server/api';
import { clearSessionCookie, LANG_COOKIE, SESSION_COOKIE } from '$lib/server/session';
import { loadViewer } from '$lib/server/viewer';

// The language switch must work before signing in too.
const PUBLIC_PATHS = ['/login', '/lang', '/workforce/public', '/verify'];
// A temporary password (set by an admin) opens only the page that replaces it, and signing out.
const TEMPORARY_PASSWORD_PATHS = ['/password', '/logout', '/lang'];

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.requestId = crypto.randomUUID();
	event.locals.lang = parseLang(event.cookies.get(LANG_COOKIE));
	event.locals.token = event.cookies.get(SESSION_COOKIE) ?? null;
	// Asked on every request and never cached: the API owns sessions, so a sign-out elsewhere,
	// an expiry or a disabled account takes effect at once.
	event.locals.viewer = event.locals.token ? await loadViewer(event) : null;
	if (event.locals.token && !event.locals.viewer) {
		clearSessionCookie(event.cookies, event.url);
		event.locals.token = null;
	}

	if (!event.locals.viewer && !PUBLIC_PATHS.includes(event.url.pathname)) {
		const target = event.url.pathname + event.url.search;
		redirect(303, target === '/' ? '/login' : `/login?next=${encodeURIComponent(target)}`);
	}
	if (event.locals.viewer?.mustChangePassword && !TEMPORARY_PASSWORD_PATHS.includes(event.url.pathname)) redirect(303, '/password');

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', htmlLang(event.locals.lang)),
	});
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	// Pages carry personal data: keep them out of shared caches and the back button of a shared computer.
	if (event.locals.viewer && !response.headers.has('cache-control')) response.headers.set('Cache-Control', 'private, no-store');
	return response;
};

export const handleError: HandleServerError = ({ error, event, status }) => {
	const t = translator(event.locals.lang ?? parseLang(event.cookies.get(LANG_COOKIE)));
	const requestId = event.locals.requestId ?? crypto.randomUUID();
	if (status === 404) return { message: t('notFound') };
	console.error(`[${requestId}] ${event.request.method} ${event.url.pathname}`, error);
	if (error instanceof ApiError && error.code === 'API_UNREACHABLE') return { message: t('apiDown'), requestId };
	return { message: t('errorTitle'), requestId };
};
