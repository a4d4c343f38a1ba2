import { translator, wordFailure, type ApiFailure } from '$lib/i18n';
import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import { formDate } from '$lib/server/forms';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const CompetitionDetail = graphql(`
	query CompetitionDetail($id: ID!) {
		node(id: $id) {
			... on Competition {
				id
				name
				tier
				year
				status
				theoryWeight
				returnedReason
				submittedAt
				approvedAt
				certificatesIssued
				promotionsWithheld {
					code
					params {
						name
						value
					}
				}
				region {
					name
					nameEn
				}
				organiser {
					name
				}
				awardRules {
					id
					fromRank
					toRank
					title
					promoteTo
					ifHolds {
						holds
						promoteTo
					}
				}
				rounds {
					sequence
					name
					heldOn
					place
				}
				entries(first: 300) {
					totalCount
					edges {
						node {
							id
							rank
							theoryScore
							practicalScore
							totalScore
							outcome
							awardTitle
							outcomeNote
							awardedLevel {
								nameZh
								nameEn
							}
							caregiver {
								id
								name
								residentIdMasked
							}
							certificate {
								number
								issuedOn
								level {
									nameZh
									nameEn
								}
							}
						}
					}
				}
			}
		}
		skillLevels {
			code
			nameZh
			nameEn
		}
	}
`);

const FindCaregivers = graphql(`
	query FindCaregiversForCompetition($search: String!) {
		caregivers(first: 20, search: $search) {
			edges {
				node {
					id
					name
					residentIdMasked
					region {
						name
						nameEn
					}
				}
			}
		}
	}
`);

const AddRound = graphql(
	`
		mutation AddCompetitionRound($input: AddCompetitionRoundInput!) {
			addCompetitionRound(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Register = graphql(
	`
		mutation RegisterCompetitionEntry($input: RegisterCompetitionEntryInput!) {
			registerCompetitionEntry(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Scores = graphql(
	`
		mutation RecordCompetitionScores($input: RecordCompetitionScoresInput!) {
			recordCompetitionScores(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Submit = graphql(
	`
		mutation SubmitCompetitionResults($id: ID!) {
			submitCompetitionResults(competitionId: $id) {
				__typename
				...FailureParts
			}
		}
	`,
	[FailureParts],
);
const Approve = graphql(
	`
		mutation ApproveCompetitionResults($id: ID!) {
			approveCompetitionResults(competitionId: $id) {
				__typename
				... on MutationApproveCompetitionResultsSuccess {
					data {
						certificatesIssued
					}
				}
				...FailureParts
			}
		}
	`,
	[FailureParts],
);
const Return = graphql(
	`
		mutation ReturnCompetitionResults($input: ReturnCompetitionResultsInput!) {
			returnCompetitionResults(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

export const load: PageServerLoad = async (event) => {
	const viewer = event.locals.viewer;
	if (!hasRole(viewer, 'HR_REVIEWER', 'HR_APPROVER', 'ADMIN')) error(403, 'forbidden');
	const data = await api(event, CompetitionDetail, { id: event.params.id });
	const node = data.node;
	if (!node || !('awardRules' in node)) error(404, 'notFound');
	const search = event.url.searchParams.get('q')?.trim() ?? '';
	const found =
		search && node.status === 'DRAFT' ? (await api(event, FindCaregivers, { search })).caregivers.edges.map((e) => e.node) : null;
	return { competition: node, skillLevels: data.skillLevels, search, found, mayApprove: hasRole(viewer, 'HR_APPROVER', 'ADMIN') };
};

const problem = (event: { locals: App.Locals }, result: ApiFailure) => wordFailure(translator(event.locals.lang), result);

export const actions: Actions = {
	round: async (event) => {
		const form = await event.request.formData();
		const heldOn = formDate(form.get('heldOn'));
		if (!heldOn) return fail(400, { message: '请填写日期 / enter the date' });
		const { addCompetitionRound: r } = await api(event, AddRound, {
			input: {
				competitionId: event.params.id,
				name: String(form.get('name') ?? ''),
				heldOn,
				place: String(form.get('place') ?? '') || null,
			},
		});
		return r.__typename === 'MutationAddCompetitionRoundSuccess' ? { done: true } : fail(400, { message: problem(event, r) });
	},
	register: async (event) => {
		const form = await event.request.formData();
		const caregiverId = String(form.get('caregiverId') ?? '');
		const { registerCompetitionEntry: r } = await api(event, Register, { input: { competitionId: event.params.id, caregiverId } });
		return r.__typename === 'MutationRegisterCompetitionEntrySuccess'
			? { registered: caregiverId }
			: fail(400, { caregiverId, message: problem(event, r) });
	},
	scores: async (event) => {
		const form = await event.request.formData();
		const entryId = String(form.get('entryId') ?? '');
		const num = (name: string) => (form.get(name) === '' || form.get(name) === null ? -1 : Number(form.get(name)));
		const { recordCompetitionScores: r } = await api(event, Scores, {
			input: { entryId, theory: num('theory'), practical: num('practical') },
		});
		return r.__typename === 'MutationRecordCompetitionScoresSuccess'
			? { done: entryId }
			: fail(400, { entryId, message: problem(event, r) });
	},
	submit: async (event) => {
		const { submitCompetitionResults: r } = await api(event, Submit, { id: event.params.id });
		return r.__typename === 'MutationSubmitCompetitionResultsSuccess' ? { submitted: true } : fail(400, { message: problem(event, r) });
	},
	approve: async (event) => {
		const { approveCompetitionResults: r } = await api(event, Approve, { id: event.params.id });
		return r.__typename === 'MutationApproveCompetitionResultsSuccess'
			? { approved: r.data.certificatesIssued }
			: fail(400, { message: problem(event, r) });
	},
	return: async (event) => {
		const form = await event.request.formData();
		const { returnCompetitionResults: r } = await api(event, Return, {
			input: { competitionId: event.params.id, reason: String(form.get('reason') ?? '') },
		});
		return r.__typename === 'MutationReturnCompetitionResultsSuccess' ? { returned: true } : fail(400, { message: problem(event, r) });
	},
};
