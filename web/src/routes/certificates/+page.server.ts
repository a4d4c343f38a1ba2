import { translator, wordFailure } from '$lib/i18n';
import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

const MyCertification = graphql(`
	query MyCertification {
		certificates(first: 50) {
			edges {
				node {
					id
					number
					issuedOn
					status
					source
					revokedReason
					level {
						code
						nameZh
						nameEn
					}
					issuer {
						name
					}
				}
			}
		}
		myCompetitionEntries {
			id
			rank
			totalScore
			outcome
			awardTitle
			outcomeNote
			competition {
				name
				year
			}
			certificate {
				id
			}
		}
		myBlacklistEntries {
			id
			reason
			startsOn
			endsOn
			liftedAt
			appeals {
				id
				status
				grounds
				lodgedAt
				decisionReason
			}
		}
		examSessions(first: 20) {
			edges {
				node {
					id
					startsAt
					place
					capacity
					seatsTaken
					feeFen
					level {
						code
						nameZh
						nameEn
					}
					assessor {
						name
					}
				}
			}
		}
		firstAidCertificates {
			number
			issuer
			expiresOn
			valid
		}
		myLevelApplications {
			id
			status
			theoryScore
			practicalScore
			reviewScore
			rejectionReason
			createdAt
			session {
				startsAt
				place
				level {
					nameZh
					nameEn
				}
			}
		}
	}
`);

const LevelEligibility = graphql(`
	query LevelEligibility($levelCode: String!) {
		levelEligibility(levelCode: $levelCode) {
			__typename
			... on QueryLevelEligibilitySuccess {
				data {
					eligible
					levelCode
					rules {
						ruleId
						met
						conditions {
							code
							met
							params {
								name
								value
							}
						}
					}
				}
			}
		}
	}
`);

const ApplyForExam = graphql(
	`
		mutation ApplyForExam($input: ApplyForExamInput!) {
			applyForExam(input: $input) {
				__typename
				... on NotEligibleError {
					message
					eligibility {
						rules {
							ruleId
							met
							conditions {
								code
								met
								params {
									name
									value
								}
							}
						}
					}
				}
				...FailureParts
			}
		}
	`,
	[FailureParts],
);

const LodgeAppeal = graphql(
	`
		mutation LodgeBlacklistAppeal($input: LodgeBlacklistAppealInput!) {
			lodgeBlacklistAppeal(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

export const load: PageServerLoad = async (event) => {
	if (!event.locals.viewer?.caregiverId) error(403, 'forbidden');
	const data = await api(event, MyCertification, {});
	const levels = [...new Set(data.examSessions.edges.map((e) => e.node.level.code))];
	const judged = await Promise.all(levels.map((levelCode) => api(event, LevelEligibility, { levelCode })));
	const eligibility = Object.fromEntries(
		judged.flatMap(({ levelEligibility: e }) =>
			e.__typename === 'QueryLevelEligibilitySuccess' ? [[e.data.levelCode, e.data] as const] : [],
		),
	);
	return { ...data, eligibility };
};

export const actions: Actions = {
	appeal: async (event) => {
		const form = await event.request.formData();
		const entryId = String(form.get('entryId') ?? '');
		const { lodgeBlacklistAppeal: r } = await api(event, LodgeAppeal, { input: { entryId, grounds: String(form.get('grounds') ?? '') } });
		if (r.__typename === 'MutationLodgeBlacklistAppealSuccess') return { appealed: entryId };
		return fail(400, { entryId, message: wordFailure(translator(event.locals.lang), r) });
	},
	apply: async (event) => {
		const form = await event.request.formData();
		const sessionId = String(form.get('sessionId') ?? '');
		const { applyForExam: result } = await api(event, ApplyForExam, { input: { sessionId } });
		if (result.__typename === 'MutationApplyForExamSuccess') return { applied: sessionId };
		return fail(400, {
			sessionId,
			message: wordFailure(translator(event.locals.lang), result),
			rules: result.__typename === 'NotEligibleError' ? result.eligibility.rules : [],
		});
	},
};
