import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, wordFailure } from '$lib/i18n';
import { api } from '$lib/server/api';
import { ASSIGNABLE_ROLES, membershipsFrom, placeUserIssues, ROLE_ROWS, roleChoices } from '$lib/server/operator';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const User = graphql(`
	query UserDetail($id: ID!) {
		node(id: $id) {
			... on User {
				id
				username
				displayName
				disabled
				mustChangePassword
				lastSignInAt
				lockedUntil
				createdAt
				caregiver {
					id
				}
				memberships {
					role
					organisation {
						id
						name
					}
					region {
						code
						name
						nameEn
					}
				}
			}
		}
	}
`);

const SetRoles = graphql(
	`
		mutation SetUserMemberships($input: SetUserMembershipsInput!) {
			setUserMemberships(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Disable = graphql(
	`
		mutation DisableUser($id: ID!) {
			disableUser(id: $id) {
				__typename
				...FailureParts
			}
		}
	`,
	[FailureParts],
);
const Enable = graphql(
	`
		mutation EnableUser($id: ID!) {
			enableUser(id: $id) {
				__typename
				...FailureParts
			}
		}
	`,
	[FailureParts],
);
const Unlock = graphql(
	`
		mutation UnlockUser($id: ID!) {
			unlockUser(id: $id) {
				__typename
				...FailureParts
			}
		}
	`,
	[FailureParts],
);
const Reset = graphql(
	`
		mutation ResetUserPassword($id: ID!) {
			resetUserPassword(id: $id) {
				__typename
				... on MutationResetUserPasswordSuccess {
					data {
						temporaryPassword
					}
				}
				...FailureParts
			}
		}
	`,
	[FailureParts],
);

function admin(event: RequestEvent) {
	if (!hasRole(event.locals.viewer, 'ADMIN')) error(403, 'forbidden');
}

export const load: PageServerLoad = async (event) => {
	admin(event);
	const [{ node }, choices] = await Promise.all([api(event, User, { id: event.params.id }), roleChoices(event)]);
	if (!node || !('username' in node)) error(404, 'notFound');
	const rows = node.memberships.map((m) => ({
		role: m.role,
		organisationId: m.organisation?.id ?? null,
		regionCode: m.region?.code ?? null,
	}));
	return { user: node, rows, ...choices, roles: ASSIGNABLE_ROLES, rowCount: ROLE_ROWS };
};

/** Runs a one-button action and answers with its outcome, worded. */
async function simple(
	event: RequestEvent,
	done: string,
	run: () => Promise<{ __typename: string; code?: string; params?: readonly { name: string; value: string }[]; message?: string }>,
) {
	admin(event);
	const r = await run();
	if (r.__typename.endsWith('Success')) return { done };
	return fail(400, {
		message: wordFailure(translator(event.locals.lang), {
			code: r.code,
			params: r.params,
			message: wordFailure(translator(event.locals.lang), r) ?? r.__typename,
		}),
	});
}

export const actions: Actions = {
	roles: async (event) => {
		admin(event);
		const form = await event.request.formData();
		const memberships = membershipsFrom(form);
		const { setUserMemberships: r } = await api(event, SetRoles, { input: { userId: event.params.id, memberships } });
		const t = translator(event.locals.lang);
		if (r.__typename === 'MutationSetUserMembershipsSuccess') return { done: 'op.rolesSaved' };
		if (r.__typename === 'InputValidationError') {
			const { fields, other } = placeUserIssues(r.fields, (issue) => wordFailure(t, issue));
			return fail(400, { memberships, fields, message: other.join('；') || t('checkFields') });
		}
		return fail(400, { message: wordFailure(t, r) });
	},
	disable: (event) => simple(event, 'op.userDisabled', async () => (await api(event, Disable, { id: event.params.id })).disableUser),
	enable: (event) => simple(event, 'op.userEnabled', async () => (await api(event, Enable, { id: event.params.id })).enableUser),
	unlock: (event) => simple(event, 'op.userUnlocked', async () => (await api(event, Unlock, { id: event.params.id })).unlockUser),
	reset: async (event) => {
		admin(event);
		const { resetUserPassword: r } = await api(event, Reset, { id: event.params.id });
		// Shown in this answer only: never in an address, a cookie or a log.
		if (r.__typename === 'MutationResetUserPasswordSuccess') return { temporaryPassword: r.data.temporaryPassword };
		return fail(400, { message: wordFailure(translator(event.locals.lang), r) });
	},
};
