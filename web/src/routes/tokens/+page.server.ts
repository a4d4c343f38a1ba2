import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, wordFailure } from '$lib/i18n';
import { api } from '$lib/server/api';
import { placeIssues } from '$lib/server/forms';
import { regionGroups } from '$lib/server/regions';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The scopes the API grants (auth.policy.ts API_TOKEN_SCOPES). */
const SCOPES = ['caregivers:read', 'training:read', 'certificates:read', 'subsidies:read', 'workforce:read'] as const;

const Tokens = graphql(`
	query ApiTokens {
		apiTokens(first: 100) {
			edges {
				node {
					id
					name
					scopes
					createdAt
					expiresAt
					revokedAt
					lastUsedAt
					createdBy {
						displayName
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
const Create = graphql(
	`
		mutation CreateApiToken($input: CreateApiTokenInput!) {
			createApiToken(input: $input) {
				__typename
				... on MutationCreateApiTokenSuccess {
					data {
						token
						apiToken {
							name
						}
					}
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Revoke = graphql(
	`
		mutation RevokeApiToken($id: ID!) {
			revokeApiToken(id: $id) {
				__typename
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
	const [{ apiTokens }, regions] = await Promise.all([api(event, Tokens, {}), regionGroups(event, null)]);
	return { tokens: apiTokens.edges.map((e) => e.node), regions, scopes: SCOPES, now: new Date().toISOString() };
};

export const actions: Actions = {
	create: async (event) => {
		admin(event);
		const form = await event.request.formData();
		const values = {
			name: String(form.get('name') ?? '').trim(),
			scopes: form.getAll('scopes').map(String),
			expiresInDays: Number(form.get('expiresInDays')) || 0,
			regionCode: String(form.get('regionCode') ?? '') || null,
		};
		const { createApiToken: r } = await api(event, Create, { input: values });
		const t = translator(event.locals.lang);
		// The secret is in this answer only: never in an address, a cookie or a log.
		if (r.__typename === 'MutationCreateApiTokenSuccess') return { created: { name: r.data.apiToken.name, token: r.data.token } };
		if (r.__typename === 'InputValidationError') {
			const { fields, other } = placeIssues(translator(event.locals.lang), r.fields, ['name', 'scopes', 'expiresInDays', 'regionCode']);
			return fail(400, { values, fields, message: other.join('；') || t('checkFields') });
		}
		return fail(400, { values, fields: {}, message: wordFailure(t, r) });
	},
	revoke: async (event) => {
		admin(event);
		const id = String((await event.request.formData()).get('id') ?? '');
		const { revokeApiToken: r } = await api(event, Revoke, { id });
		if (r.__typename === 'MutationRevokeApiTokenSuccess') return { revoked: id };
		return fail(400, { message: wordFailure(translator(event.locals.lang), r) });
	},
};
