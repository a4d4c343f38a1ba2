import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Blacklist = graphql(`
	query Blacklist {
		blacklistAppeals(first: 100) {
			edges { node { id status grounds onBehalfOf lodgedAt decidedAt decisionReason entry { id reason startsOn endsOn caregiver { name residentIdMasked } organisation { name } } } }
		}
		blacklistEntries(first: 100) {
			edges { node { id reason startsOn endsOn liftedAt liftedReason caregiver { name residentIdMasked } organisation { name } issuerRegion { name nameEn } appeals { status } } }
		}
	}
`);

const Decide = graphql(`
	mutation DecideBlacklistAppeal($input: DecideBlacklistAppealInput!) {
		decideBlacklistAppeal(input: $input) { __typename ... on InputValidationError { fields { message } } ... on Error { message } }
	}
`);
const Lodge = graphql(`
	mutation RecordBlacklistAppeal($input: LodgeBlacklistAppealInput!) {
		lodgeBlacklistAppeal(input: $input) { __typename ... on InputValidationError { fields { message } } ... on Error { message } }
	}
`);

export const load: PageServerLoad = async (event) => {
	const viewer = event.locals.viewer;
	if (!hasRole(viewer, 'CIVIL_AFFAIRS_ANALYST', 'ADMIN')) error(403, 'forbidden');
	return { ...(await api(event, Blacklist, {})), mayDecide: hasRole(viewer, 'CIVIL_AFFAIRS_ANALYST') };
};

const problem = (result: { message?: string; fields?: readonly { message: string }[] }) => (result.fields ? result.fields.map((f) => f.message).join('；') : (result.message ?? ''));

export const actions: Actions = {
	decide: async (event) => {
		const form = await event.request.formData();
		const appealId = String(form.get('appealId') ?? '');
		const uphold = form.get('uphold') === 'yes';
		const { decideBlacklistAppeal: r } = await api(event, Decide, { input: { appealId, uphold, reason: String(form.get('reason') ?? '') } });
		return r.__typename === 'MutationDecideBlacklistAppealSuccess' ? { decided: appealId, upheld: uphold } : fail(400, { appealId, message: problem(r) });
	},
	record: async (event) => {
		const form = await event.request.formData();
		const entryId = String(form.get('entryId') ?? '');
		const { lodgeBlacklistAppeal: r } = await api(event, Lodge, { input: { entryId, grounds: String(form.get('grounds') ?? ''), onBehalfOf: String(form.get('onBehalfOf') ?? '') || null } });
		return r.__typename === 'MutationLodgeBlacklistAppealSuccess' ? { recorded: entryId } : fail(400, { entryId, message: problem(r) });
	}
};
