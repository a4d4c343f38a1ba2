import type { RequestEvent } from '@sveltejs/kit';
import { graphql, type EnumOf } from '$lib/graphql';
import { failureText, fieldIssueWords, translator, type Lang } from '$lib/i18n';
import { operatorZh, wordFailure } from '$lib/i18n/operator';
import { api } from '$lib/server/api';
import { regionGroups } from '$lib/server/regions';

type Role = EnumOf<'Role'>;

/** Roles an admin hands out here; caregiver logins come with the caregiver record. */
export const ASSIGNABLE_ROLES = [
	'INSTITUTION_STAFF',
	'COLLEGE_STAFF',
	'TRAINING_PROVIDER_STAFF',
	'ASSESSOR',
	'HR_REVIEWER',
	'HR_APPROVER',
	'FINANCE_OFFICER',
	'CIVIL_AFFAIRS_ANALYST',
	'ADMIN',
] as const satisfies readonly Role[];

/** Role rows a user form offers: the ones held plus blanks to add more. */
export const ROLE_ROWS = 4;

const Organisations = graphql(`
	query OrganisationChoices {
		organisations(first: 200, active: true) {
			edges {
				node {
					id
					name
					kind
				}
			}
		}
	}
`);

/** What the role rows choose from: organisations (staff) and regions (bureaus). */
export async function roleChoices(event: RequestEvent) {
	const [{ organisations }, regions] = await Promise.all([api(event, Organisations, {}), regionGroups(event, null)]);
	return { organisations: organisations.edges.map((e) => e.node), regions };
}

/** The filled role rows of a user form, as the API's MembershipInput list. */
export function membershipsFrom(form: FormData) {
	const rows = [];
	for (let i = 0; i < ROLE_ROWS; i++) {
		const role = ASSIGNABLE_ROLES.find((r) => r === form.get(`role${i}`));
		if (!role) continue;
		rows.push({
			role,
			organisationId: String(form.get(`organisation${i}`) ?? '') || null,
			regionCode: String(form.get(`region${i}`) ?? '') || null,
		});
	}
	return rows;
}

type Issue = { path: readonly string[]; code: string; params: readonly { name: string; value: string }[]; message: string };

/**
 * Field issues keyed by form input: a role row's issue (input.memberships.2.regionCode) goes to that
 * row's control (region2), where the form shows it; the rest to `other`.
 */
export function placeUserIssues(issues: readonly Issue[], word: (issue: Issue) => string) {
	const fields: Record<string, string> = {};
	const other: string[] = [];
	for (const issue of issues) {
		const [, list, index, field] = issue.path;
		const name =
			list === 'memberships' && index !== undefined
				? `${{ role: 'role', organisationId: 'organisation', regionCode: 'region' }[field ?? 'role'] ?? 'role'}${index}`
				: issue.path[issue.path.length - 1];
		if (name) fields[name] ??= word(issue);
		else other.push(word(issue));
	}
	return { fields, other };
}

type Failure = {
	code?: string;
	message: string;
	params?: readonly { name: string; value: string }[];
	fields?: readonly { path: readonly string[]; code: string; message: string; params: readonly { name: string; value: string }[] }[];
};

/**
 * Words a failure of a console form: the console's own wording of the code, else the portal-wide
 * `err.` or `field.` entry, else the API's English fallback; a validation failure words each field.
 */
export function wordConsoleFailure(lang: Lang, failure: Failure): string {
	const t = translator(lang);
	const one = (f: { code?: string; message: string; params?: readonly { name: string; value: string }[] }) => {
		if (f.code && `op.err.${f.code}` in operatorZh) return wordFailure(t, f);
		const general = failureText(t, f);
		if (general !== f.message) return general;
		return f.code ? fieldIssueWords(lang, { code: f.code, params: f.params ?? [], message: f.message }) : f.message;
	};
	return failure.fields?.length ? failure.fields.map(one).join('；') : one(failure);
}
