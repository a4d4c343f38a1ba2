import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, wordFailure, type ApiFailure, type ApiRule } from '$lib/i18n';
import { api } from '$lib/server/api';
import { evidenceLabel } from '$lib/subsidies';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Claim = graphql(`
	query SubsidyClaim($id: ID!) {
		node(id: $id) {
			... on SubsidyClaim {
				id
				reference
				kind
				status
				subjectKey
				amountYuan
				submittedAt
				approvedAt
				publicationEndsOn
				rejectedReason
				reviewedByMe
				policy {
					nameZh
					nameEn
					version
				}
				caregiver {
					name
					residentIdMasked
				}
				region {
					name
				}
				facts
				eligibility {
					eligible
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
				evidence {
					id
					kind
					fileName
					sizeBytes
				}
				requiredEvidence {
					kind
					present
				}
				instalments {
					seq
					sharePercent
					afterYears
					dueOn
					amountYuan
					status
					reason
					suspendedUntil
					check {
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
				recovery {
					reason
					amountFen
					recoveredFen
				}
			}
		}
	}
`);

const Outcome = `__typename ... on Error { code params { name value } message }`;
const Submit = graphql(
	`
		mutation SubmitClaim($id: ID!) {
			submitSubsidyClaim(claimId: $id) {
				__typename
				... on SubsidyNotEligibleError {
					rules {
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
				... on EvidenceMissingError {
					missing
				}
				...FailureParts
			}
		}
	`,
	[FailureParts],
);
const Withdraw = graphql(
	`
		mutation WithdrawClaim($id: ID!) {
			withdrawSubsidyClaim(claimId: $id) {
				__typename
				...FailureParts
			}
		}
	`,
	[FailureParts],
);
const Review = graphql(
	`
		mutation ReviewClaim($input: ReviewSubsidyClaimInput!) {
			reviewSubsidyClaim(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Approve = graphql(
	`
		mutation ApproveClaim($id: ID!) {
			approveSubsidyClaim(claimId: $id) {
				__typename
				...FailureParts
			}
		}
	`,
	[FailureParts],
);
const Reject = graphql(
	`
		mutation RejectClaim($input: ClaimReasonInput!) {
			rejectSubsidyClaim(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Revoke = graphql(
	`
		mutation RevokeClaim($input: ClaimReasonInput!) {
			revokeSubsidyClaim(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Upload = graphql(
	`
		mutation UploadEvidence($input: AddClaimEvidenceInput!) {
			addClaimEvidence(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
void Outcome;

export const load: PageServerLoad = async (event) => {
	const { node } = await api(event, Claim, { id: event.params.id });
	if (!node || !('reference' in node)) error(404, 'notFound');
	const viewer = event.locals.viewer;
	return {
		claim: node,
		mayReview: hasRole(viewer, 'HR_REVIEWER', 'ADMIN'),
		mayApprove: hasRole(viewer, 'HR_APPROVER', 'ADMIN'),
		isClaimant: !!viewer?.caregiverId || hasRole(viewer, 'INSTITUTION_STAFF'),
	};
};

type Result = ApiFailure & { __typename: string; rules?: readonly ApiRule[] };
type Done = 'submit' | 'withdraw' | 'pass' | 'approve' | 'reject' | 'revoke' | 'upload';
/** `done` names the action, so the page can say what was done rather than just "done". */
const outcome = (event: { locals: App.Locals }, result: Result, success: string, done: Done) =>
	result.__typename === success
		? { done, issue: null, rules: null }
		: fail(400, { done: null, issue: wordFailure(translator(event.locals.lang), result), rules: result.rules ?? null });
const reasonOf = async (request: Request) => String((await request.formData()).get('reason') ?? '');

export const actions: Actions = {
	submit: async (event) => {
		const r = (await api(event, Submit, { id: event.params.id })).submitSubsidyClaim;
		if (r.__typename !== 'EvidenceMissingError') return outcome(event, r, 'MutationSubmitSubsidyClaimSuccess', 'submit');
		const lang = event.locals.lang;
		const missing = r.missing.map((k) => evidenceLabel(k, lang)).join(lang === 'zh' ? '、' : ', ');
		return fail(400, { done: null, issue: translator(lang)('sub.error.EVIDENCE_MISSING', { missing }), rules: null });
	},
	withdraw: async (event) =>
		outcome(
			event,
			(await api(event, Withdraw, { id: event.params.id })).withdrawSubsidyClaim,
			'MutationWithdrawSubsidyClaimSuccess',
			'withdraw',
		),
	pass: async (event) =>
		outcome(
			event,
			(await api(event, Review, { input: { claimId: event.params.id, pass: true } })).reviewSubsidyClaim,
			'MutationReviewSubsidyClaimSuccess',
			'pass',
		),
	approve: async (event) =>
		outcome(
			event,
			(await api(event, Approve, { id: event.params.id })).approveSubsidyClaim,
			'MutationApproveSubsidyClaimSuccess',
			'approve',
		),
	reject: async (event) => {
		const reason = await reasonOf(event.request);
		const { node } = await api(event, Claim, { id: event.params.id });
		// Before review the reviewer rejects through the review step; later, the approver rejects.
		if (node && 'status' in node && node.status === 'SUBMITTED')
			return outcome(
				event,
				(await api(event, Review, { input: { claimId: event.params.id, pass: false, reason } })).reviewSubsidyClaim,
				'MutationReviewSubsidyClaimSuccess',
				'reject',
			);
		return outcome(
			event,
			(await api(event, Reject, { input: { claimId: event.params.id, reason } })).rejectSubsidyClaim,
			'MutationRejectSubsidyClaimSuccess',
			'reject',
		);
	},
	revoke: async (event) =>
		outcome(
			event,
			(await api(event, Revoke, { input: { claimId: event.params.id, reason: await reasonOf(event.request) } })).revokeSubsidyClaim,
			'MutationRevokeSubsidyClaimSuccess',
			'revoke',
		),
	upload: async (event) => {
		const form = await event.request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { done: null, issue: 'empty', rules: null });
		const kind = String(form.get('kind')) as 'CONTRACT' | 'DIPLOMA' | 'INSURANCE_RECORD' | 'OTHER';
		const { addClaimEvidence } = await api(event, Upload, {
			input: {
				claimId: event.params.id,
				kind,
				fileName: file.name,
				contentBase64: Buffer.from(await file.arrayBuffer()).toString('base64'),
			},
		});
		return outcome(event, addClaimEvidence, 'MutationAddClaimEvidenceSuccess', 'upload');
	},
};
