import { translator, wordFailure } from '$lib/i18n';
import { error, fail, redirect } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { graphql } from '$lib/graphql';
import { FailureParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Payments = graphql(`
	query Payments($regionCode: String!) {
		payableSummary(regionCode: $regionCode) {
			count
			totalYuan
			withoutAccount
		}
		paymentBatches(first: 30) {
			edges {
				node {
					id
					reference
					status
					lineCount
					totalYuan
					paidYuan
					failedYuan
					pendingYuan
					createdAt
				}
			}
		}
	}
`);
const Reauthenticate = graphql(
	`
		mutation PayReauth($password: String!) {
			reauthenticate(password: $password) {
				__typename
				...FailureParts
			}
		}
	`,
	[FailureParts],
);
const Build = graphql(
	`
		mutation BuildBatch($input: CreatePaymentBatchInput!) {
			createPaymentBatch(input: $input) {
				__typename
				... on MutationCreatePaymentBatchSuccess {
					data {
						id
					}
				}
				...FailureParts
			}
		}
	`,
	[FailureParts],
);

const financeRegion = (viewer: App.Locals['viewer']) => {
	if (!hasRole(viewer, 'FINANCE_OFFICER')) error(403, 'forbidden');
	return viewer!.memberships.find((m) => m.role === 'FINANCE_OFFICER')!.region!;
};

export const load: PageServerLoad = async (event) => {
	const region = financeRegion(event.locals.viewer);
	const data = await api(event, Payments, { regionCode: region.code });
	// A fresh key per page view: pressing the button twice, or retrying after a lost answer, builds one batch.
	return { ...data, region, idempotencyKey: randomUUID() };
};

export const actions: Actions = {
	build: async (event) => {
		const region = financeRegion(event.locals.viewer);
		const form = await event.request.formData();
		const { reauthenticate } = await api(event, Reauthenticate, { password: String(form.get('password') ?? '') });
		if (reauthenticate.__typename !== 'MutationReauthenticateSuccess') return fail(400, { issue: 'reauth' });
		const { createPaymentBatch: r } = await api(event, Build, {
			input: { regionCode: region.code, idempotencyKey: String(form.get('idempotencyKey')) },
		});
		if (r.__typename !== 'MutationCreatePaymentBatchSuccess') return fail(400, { issue: wordFailure(translator(event.locals.lang), r) });
		redirect(303, `/payments/${encodeURIComponent(r.data.id)}`);
	},
};
