import type { Lang, MessageKey } from '$lib/i18n';
import { hasMessage, translator } from '$lib/i18n';

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

/** Parameters that are codes themselves, worded through their own keys (a pass, a forfeiture's reason, an import's kind). */
const CODED_PARAMS: Record<string, string> = { result: 'nt.result.', reason: 'nt.reason.', level: 'tr.level.' };

/** The notification in words, from its code and parameters. */
export function notificationWords(lang: Lang, n: NotificationRow): string {
	const t = translator(lang);
	const params = paramsOf(n);
	const coded = n.code === 'IMPORT_FINISHED' ? { ...CODED_PARAMS, kind: 'nt.importKind.' } : CODED_PARAMS;
	for (const [name, prefix] of Object.entries(coded)) {
		const key = `${prefix}${params[name]}`;
		if (params[name] !== undefined && hasMessage(key)) params[name] = t(key as MessageKey);
	}
	return t(`nt.code.${n.code}` as MessageKey, params) ?? n.code;
}

/** Where the object of a notification is shown: a caregiver reads their own record on /me. */
export function notificationLink(n: NotificationRow, asCaregiver: boolean): string | null {
	const params = (n.params ?? {}) as Record<string, unknown>;
	switch (n.subjectType) {
		case 'Enrolment':
			return typeof params.courseId === 'string' ? `/courses/${globalId('Course', params.courseId)}` : null;
		case 'SubsidyClaim':
			return `/subsidies/${n.subjectId}`;
		case 'PaymentBatch':
			return `/payments/${n.subjectId}`;
		case 'RosterImport':
			return '/imports';
		case 'PopulationImport':
			return '/population';
		case 'LevelApplication':
		case 'Certificate':
		case 'FirstAidCertificate':
		case 'BlacklistEntry':
			return asCaregiver ? '/me' : n.caregiverId ? `/caregivers/${n.caregiverId}` : null;
		default:
			return null;
	}
}
