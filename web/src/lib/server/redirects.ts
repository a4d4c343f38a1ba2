// Any origin of our own would do: only whether a path stays on it matters.
const HOME = 'https://portal.invalid';

/**
 * Only paths that, resolved against the portal's origin, stay on it, so a link to the portal cannot be
 * used to send someone elsewhere after an action. Browsers drop tabs and newlines and read `\` as `/`
 * while resolving (`/\t/evil.example` becomes `//evil.example`), so the path is resolved the way they do
 * and the resolved form is returned; it must not read as protocol-relative when resolved again either.
 */
export const sameSitePath = (target: string | null | undefined, fallback = '/'): string => {
	if (!target?.startsWith('/')) return fallback;
	let url: URL;
	try {
		url = new URL(target, HOME);
	} catch {
		return fallback;
	}
	const path = `${url.pathname}${url.search}${url.hash}`;
	return url.origin === HOME && path.startsWith('/') && !path.startsWith('//') ? path : fallback;
};
