import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, wordFailure, type ApiFailure } from '$lib/i18n';
import { api } from '$lib/server/api';
import { formDate, placeIssues } from '$lib/server/forms';
import { wordConsoleFailure } from '$lib/server/operator';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Blacklist = graphql(`
	query Blacklist {
		blacklistAppeals(first: 100) {
			edges {
				node {
					id
					status
					grounds
					onBehalfOf
					lodgedAt
					decidedAt
					decisionReason
					entry {
						id
						reason
						startsOn
						endsOn
						caregiver {
							name
							residentIdMasked
						}
						organisation {
							name
						}
					}
				}
			}
		}
		blacklistEntries(first: 100) {
			edges {
				node {
					id
					reason
					evidence
					startsOn
					endsOn
					liftedAt
					liftedReason
					caregiver {
						name
						residentIdMasked
					}
					organisation {
						name
					}
					issuerRegion {
						code
						name
						nameEn
					}
					appeals {
						status
					}
				}
			}
		}
	}
`);

const Decide = graphql(
	`
		mutation DecideBlacklistAppeal($input: DecideBlacklistAppealInput!) {
			decideBlacklistAppeal(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Lodge = graphql(
	`
		mutation RecordBlacklistAppeal($input: LodgeBlacklistAppealInput!) {
			lodgeBlacklistAppeal(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

const Person = graphql(`
	query BlacklistCandidate($id: ID!) {
		caregiver(id: $id) {
			id
			name
			residentIdMasked
			region {
				code
				name
				nameEn
			}
		}
	}
`);
const Organisation = graphql(`
	query BlacklistOrganisation($id: ID!) {
		node(id: $id) {
			... on Organisation {
				id
				name
				uscc
				region {
					code
					name
					nameEn
				}
			}
		}
	}
`);
const Add = graphql(
	`
		mutation AddBlacklistEntry($input: AddBlacklistEntryInput!) {
			addBlacklistEntry(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Lift = graphql(
	`
		mutation LiftBlacklistEntry($input: LiftBlacklistEntryInput!) {
			liftBlacklistEntry(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

type Region = { code: string; name: string; nameEn: string | null };

export const load: PageServerLoad = async (event) => {
	const viewer = event.locals.viewer;
	if (!hasRole(viewer, 'CIVIL_AFFAIRS_ANALYST', 'ADMIN')) error(403, 'forbidden');
	const mayDecide = hasRole(viewer, 'CIVIL_AFFAIRS_ANALYST');
	// Civil affairs arrives from a caregiver's record or an organisation's page with the subject to list.
	const person = event.url.searchParams.get('caregiver');
	const organisation = event.url.searchParams.get('organisation');
	let candidate: { kind: 'caregiver' | 'organisation'; id: string; name: string; code: string; region: Region } | null = null;
	if (mayDecide && person) {
		const c = (await api(event, Person, { id: person })).caregiver;
		if (c) candidate = { kind: 'caregiver', id: c.id, name: c.name, code: c.residentIdMasked, region: c.region };
	} else if (mayDecide && organisation) {
		const { node } = await api(event, Organisation, { id: organisation });
		if (node && 'uscc' in node) candidate = { kind: 'organisation', id: node.id, name: node.name, code: node.uscc, region: node.region };
	}
	return { ...(await api(event, Blacklist, {})), mayDecide, candidate };
};

const problem = (event: { locals: App.Locals }, result: ApiFailure) => wordFailure(translator(event.locals.lang), result);

export const actions: Actions = {
	add: async (event) => {
		const form = await event.request.formData();
		const subject = form.get('organisationId')
			? { organisationId: String(form.get('organisationId')) }
			: { caregiverId: String(form.get('caregiverId') ?? '') };
		const values = {
			...subject,
			reason: String(form.get('reason') ?? '').trim(),
			evidence: String(form.get('evidence') ?? '').trim(),
			startsOn: formDate(form.get('startsOn')),
			endsOn: formDate(form.get('endsOn')),
		};
		if (!values.startsOn)
			return fail(400, { addValues: values, addFields: { startsOn: translator(event.locals.lang)('dateRequired') }, addMessage: '' });
		const { addBlacklistEntry: r } = await api(event, Add, { input: { ...values, startsOn: values.startsOn } });
		if (r.__typename === 'MutationAddBlacklistEntrySuccess') return { added: true };
		if (r.__typename === 'InputValidationError') {
			const { fields, other } = placeIssues(translator(event.locals.lang), r.fields, ['reason', 'evidence', 'startsOn', 'endsOn']);
			return fail(400, { addValues: values, addFields: fields, addMessage: other.join('；') });
		}
		return fail(400, { addValues: values, addFields: {}, addMessage: wordConsoleFailure(event.locals.lang, r) });
	},
	lift: async (event) => {
		const form = await event.request.formData();
		const entryId = String(form.get('entryId') ?? '');
		const { liftBlacklistEntry: r } = await api(event, Lift, { input: { entryId, reason: String(form.get('reason') ?? '').trim() } });
		return r.__typename === 'MutationLiftBlacklistEntrySuccess'
			? { lifted: entryId }
			: fail(400, { entryId, message: wordConsoleFailure(event.locals.lang, r) });
	},
	decide: async (event) => {
		const form = await event.request.formData();
		const appealId = String(form.get('appealId') ?? '');
		const uphold = form.get('uphold') === 'yes';
		const { decideBlacklistAppeal: r } = await api(event, Decide, {
			input: { appealId, uphold, reason: String(form.get('reason') ?? '') },
		});
		return r.__typename === 'MutationDecideBlacklistAppealSuccess'
			? { decided: appealId, upheld: uphold }
			: fail(400, { appealId, message: problem(event, r) });
	},
	record: async (event) => {
		const form = await event.request.formData();
		const entryId = String(form.get('entryId') ?? '');
		const { lodgeBlacklistAppeal: r } = await api(event, Lodge, {
			input: { entryId, grounds: String(form.get('grounds') ?? ''), onBehalfOf: String(form.get('onBehalfOf') ?? '') || null },
		});
		return r.__typename === 'MutationLodgeBlacklistAppealSuccess'
			? { recorded: entryId }
			: fail(400, { entryId, message: problem(event, r) });
	},
};
