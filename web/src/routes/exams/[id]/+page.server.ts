import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, type ApiFailure, wordFailure } from '$lib/i18n';
import { api } from '$lib/server/api';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const SessionDetail = graphql(`
	query ExamSessionDetail($id: ID!) {
		node(id: $id) {
			... on ExamSession {
				id
				startsAt
				place
				capacity
				seatsTaken
				feeFen
				status
				publicationDays
				publicationEndsOn
				level {
					code
					nameZh
					nameEn
					requiresReview
				}
				applications(first: 200) {
					edges {
						node {
							id
							status
							theoryScore
							practicalScore
							reviewScore
							objection
							objectionOpen
							rejectionReason
							caregiver {
								name
								residentIdMasked
							}
							certificate {
								id
								number
							}
						}
					}
				}
			}
		}
	}
`);

const Decide = graphql(
	`
		mutation DecideApplication($input: DecideApplicationInput!) {
			decideLevelApplication(input: $input) {
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
		mutation RecordExamScores($input: RecordScoresInput!) {
			recordExamScores(input: $input) {
				__typename
				...IssueParts
				... on Error {
					code
					message
					params {
						name
						value
					}
				}
			}
		}
	`,
	[IssueParts],
);
const Publish = graphql(`
	mutation PublishExamResults($id: ID!) {
		publishExamResults(sessionId: $id) {
			__typename
			... on Error {
				code
				message
				params {
					name
					value
				}
			}
		}
	}
`);
const Issue = graphql(`
	mutation IssueCertificates($id: ID!) {
		issueCertificates(sessionId: $id) {
			__typename
			... on MutationIssueCertificatesSuccess {
				data
			}
			... on Error {
				code
				message
				params {
					name
					value
				}
			}
		}
	}
`);
const Resolve = graphql(
	`
		mutation ResolveExamObjection($input: ResolveObjectionInput!) {
			resolveExamObjection(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

export const load: PageServerLoad = async (event) => {
	if (!hasRole(event.locals.viewer, 'ASSESSOR')) error(403, 'forbidden');
	const { node } = await api(event, SessionDetail, { id: event.params.id });
	if (!node || !('level' in node)) error(404, 'notFound');
	return { session: node };
};

const problem = (event: { locals: App.Locals }, result: ApiFailure) => wordFailure(translator(event.locals.lang), result);

export const actions: Actions = {
	decide: async (event) => {
		const form = await event.request.formData();
		const applicationId = String(form.get('applicationId') ?? '');
		const reason = String(form.get('reason') ?? '') || null;
		const approve = form.get('approve') === 'yes';
		const { decideLevelApplication: r } = await api(event, Decide, { input: { applicationId, approve, reason } });
		return r.__typename === 'MutationDecideLevelApplicationSuccess'
			? { done: applicationId, what: approve ? ('accepted' as const) : ('rejected' as const) }
			: fail(400, { applicationId, message: problem(event, r) });
	},
	scores: async (event) => {
		const form = await event.request.formData();
		const applicationId = String(form.get('applicationId') ?? '');
		const num = (name: string) => (form.get(name) === '' || form.get(name) === null ? null : Number(form.get(name)));
		const { recordExamScores: r } = await api(event, Scores, {
			input: { applicationId, theory: num('theory') ?? -1, practical: num('practical') ?? -1, review: num('review') },
		});
		return r.__typename === 'MutationRecordExamScoresSuccess'
			? { done: applicationId, what: 'scored' as const }
			: fail(400, { applicationId, message: problem(event, r) });
	},
	resolve: async (event) => {
		const form = await event.request.formData();
		const applicationId = String(form.get('applicationId') ?? '');
		const { resolveExamObjection: r } = await api(event, Resolve, { input: { applicationId, reply: String(form.get('reply') ?? '') } });
		return r.__typename === 'MutationResolveExamObjectionSuccess'
			? { done: applicationId, what: 'replied' as const }
			: fail(400, { applicationId, message: problem(event, r) });
	},
	publish: async (event) => {
		const { publishExamResults: r } = await api(event, Publish, { id: event.params.id });
		return r.__typename === 'MutationPublishExamResultsSuccess' ? { published: true } : fail(400, { message: problem(event, r) });
	},
	issue: async (event) => {
		const { issueCertificates: r } = await api(event, Issue, { id: event.params.id });
		return r.__typename === 'MutationIssueCertificatesSuccess' ? { issued: r.data } : fail(400, { message: problem(event, r) });
	},
};
