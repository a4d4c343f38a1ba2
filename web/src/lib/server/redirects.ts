/** Only same-site paths, so a link to the portal cannot be used to send someone elsewhere after an action. */
export const sameSitePath = (target: string | null | undefined, fallback = '/') =>
	target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') ? target : fallback;
