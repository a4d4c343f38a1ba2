import type { Lang, MessageKey } from '$lib/i18n';
import { translator } from '$lib/i18n';

export type NotificationRow = {
	id: string;
	code: string;
	params: unknown;
	subjectType: string;
	subjectId: string;
	caregiverId: string | null;
	read: boolean;
	createdAt: string;
};

/** A Relay global id, as the API makes them (base64 of `Type:id`). */
const globalId = (type: string, id: string) => btoa(`${type}:${id}`);

const paramsOf = (n: NotificationRow): Record<string, string | number> =>
	Object.fromEntries(
		Object.entries((n.params ?? {}) as Record<string, unknown>).map(([k, v]) => [k, v === null || v === undefined ? '—' : String(v)]),
	);

/** The notification in words, from its code and parameters. */
export function notificationWords(lang: Lang, n: NotificationRow): string {
	const key = `nt.code.${n.code}` as MessageKey;
	return translator(lang)(key, paramsOf(n)) ?? n.code;
}

/** Where the object of a notification is shown: a caregiver reads their own record on /me. */
export function notificationLink(n: NotificationRow, asCaregiver: boolean): string | null {
	const params = (n.params ?? {}) as Record<string, unknown>;
	switch (n.subjectType) {
		case 'Enrolment':
			return typeof params.courseId === 'string' ? `/courses/${globalId('Course', params.courseId)}` : null;
		case 'SubsidyClaim':
			return `/subsidies/${n.subjectId}`;
		case 'Certificate':
		case 'FirstAidCertificate':
		case 'BlacklistEntry':
			return asCaregiver ? '/me' : n.caregiverId ? `/caregivers/${n.caregiverId}` : null;
		default:
			return null;
	}
}
