import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { fieldIssueWords } from '$lib/i18n';
import { api } from '$lib/server/api';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const CODES = [
	'ENROLMENT_PROMOTED',
	'CERTIFICATE_ISSUED',
	'CERTIFICATE_REVOKED',
	'BLACKLIST_ADDED',
	'BLACKLIST_LIFTED',
	'CLAIM_SUBMITTED',
	'CLAIM_APPROVED',
	'CLAIM_REJECTED',
	'CLAIM_PAID',
	'FIRST_AID_EXPIRING',
	'EXAM_RESULTS_PUBLICISED',
	'INSTALMENT_DUE',
	'INSTALMENT_FORFEITED',
	'PAYMENT_BATCH_FINISHED',
] as const;

const Endpoints = graphql(`
	query WebhookEndpoints {
		webhookEndpoints {
			id
			url
			description
			eventCodes
			apiTokenName
			regionCode
			consecutiveFailures
			disabledAt
			disabledReason
			createdAt
			deliveries(take: 10) {
				id
				code
				status
				attempts
				lastStatusCode
				replayOfId
				createdAt
			}
		}
		apiTokens(first: 100) {
			edges {
				node {
					id
					name
					scopes
					expiresAt
					revokedAt
				}
			}
		}
	}
`);
const Register = graphql(`
	mutation RegisterWebhookEndpoint($input: RegisterWebhookEndpointInput!) {
		registerWebhookEndpoint(input: $input) {
			__typename
			... on MutationRegisterWebhookEndpointSuccess {
				data {
					secret
					endpoint {
						id
					}
				}
			}
			... on InputValidationError {
				fields {
					path
					message
					code
					params {
						name
						value
					}
				}
			}
			... on Error {
				code
			}
		}
	}
`);
const Enable = graphql(`
	mutation EnableWebhookEndpoint($id: ID!) {
		enableWebhookEndpoint(id: $id) {
			__typename
			... on Error {
				code
			}
		}
	}
`);
const Disable = graphql(`
	mutation DisableWebhookEndpoint($id: ID!) {
		disableWebhookEndpoint(id: $id) {
			__typename
			... on Error {
				code
			}
		}
	}
`);
const Replay = graphql(`
	mutation ReplayWebhookDelivery($id: ID!) {
		replayWebhookDelivery(id: $id) {
			__typename
			... on Error {
				code
			}
		}
	}
`);

function admin(event: Pick<RequestEvent, 'locals'>) {
	if (!hasRole(event.locals.viewer, 'ADMIN')) error(403, 'forbidden');
}

export const load: PageServerLoad = async (event) => {
	admin(event);
	const { webhookEndpoints, apiTokens } = await api(event, Endpoints, {});
	const now = Date.now();
	// Only a live token can carry an endpoint; the API refuses the others anyway.
	const tokens = apiTokens.edges
		.map((e) => e.node)
		.filter((t) => !t.revokedAt && new Date(t.expiresAt).getTime() > now)
		.map((t) => ({ id: t.id, name: t.name, scopes: t.scopes }));
	return { endpoints: webhookEndpoints, codes: CODES, tokens };
};

const idOf = async (event: RequestEvent) => String((await event.request.formData()).get('id') ?? '');

export const actions: Actions = {
	register: async (event) => {
		admin(event);
		const form = await event.request.formData();
		const eventCodes = form
			.getAll('eventCodes')
			.map(String)
			.filter((c): c is (typeof CODES)[number] => (CODES as readonly string[]).includes(c));
		const input = {
			url: String(form.get('url') ?? '').trim(),
			description: String(form.get('description') ?? '').trim() || null,
			apiTokenId: String(form.get('apiTokenId') ?? ''),
			eventCodes,
		};
		const { registerWebhookEndpoint: r } = await api(event, Register, { input });
		if (r.__typename === 'MutationRegisterWebhookEndpointSuccess') return { secret: r.data.secret, endpointId: r.data.endpoint.id };
		return fail(400, {
			...input,
			fields: r.__typename === 'InputValidationError' ? r.fields.map((f) => f.path.at(-1) ?? '') : [],
			// Each refused field in words beside it: why an address is refused (internal, not https) matters to the admin.
			words:
				r.__typename === 'InputValidationError'
					? Object.fromEntries(r.fields.map((f) => [f.path.at(-1) ?? '', fieldIssueWords(event.locals.lang, f)]))
					: {},
			code: 'code' in r ? r.code : null,
		});
	},
	enable: async (event) => {
		admin(event);
		const { enableWebhookEndpoint: r } = await api(event, Enable, { id: await idOf(event) });
		return r.__typename.endsWith('Success') ? { done: 'enable' } : fail(400, { code: 'code' in r ? r.code : 'ERROR' });
	},
	disable: async (event) => {
		admin(event);
		const { disableWebhookEndpoint: r } = await api(event, Disable, { id: await idOf(event) });
		return r.__typename.endsWith('Success') ? { done: 'disable' } : fail(400, { code: 'code' in r ? r.code : 'ERROR' });
	},
	replay: async (event) => {
		admin(event);
		const { replayWebhookDelivery: r } = await api(event, Replay, { id: await idOf(event) });
		return r.__typename.endsWith('Success') ? { done: 'replay' } : fail(400, { code: 'code' in r ? r.code : 'ERROR' });
	},
};
