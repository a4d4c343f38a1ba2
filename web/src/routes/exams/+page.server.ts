import { translator, wordFailure } from '$lib/i18n';
import { error, fail, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import { placeIssues } from '$lib/server/forms';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const MySessions = graphql(`
	query MyExamSessions {
		examSessions(first: 50, mine: true) {
			edges {
				node {
					id
					startsAt
					place
					capacity
					seatsTaken
					status
					publicationEndsOn
					level {
						code
						nameZh
						nameEn
					}
				}
			}
		}
		skillLevels {
			code
			nameZh
			nameEn
		}
		assessorRegistrations {
			id
			status
			levelCodes
			decisionReason
			filingCode
			hasSeal
		}
	}
`);

const SetFiling = graphql(
	`
		mutation SetAssessorFiling($input: SetAssessorFilingInput!) {
			setAssessorFiling(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const UploadSeal = graphql(
	`
		mutation UploadAssessorSeal($input: UploadAssessorSealInput!) {
			uploadAssessorSeal(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

const ApplyAsAssessor = graphql(
	`
		mutation ApplyAsAssessor($input: ApplyAsAssessorInput!) {
			applyAsAssessor(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

const CreateExamSession = graphql(
	`
		mutation CreateExamSession($input: CreateExamSessionInput!) {
			createExamSession(input: $input) {
				__typename
				... on MutationCreateExamSessionSuccess {
					data {
						id
					}
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

const INPUTS = ['levelCode', 'startsAt', 'place', 'capacity', 'feeYuan', 'publicationDays'] as const;

export const load: PageServerLoad = async (event) => {
	if (!hasRole(event.locals.viewer, 'ASSESSOR')) error(403, 'forbidden');
	return api(event, MySessions, {});
};

export const actions: Actions = {
	register: async (event) => {
		const form = await event.request.formData();
		const { applyAsAssessor: r } = await api(event, ApplyAsAssessor, {
			input: { levelCodes: form.getAll('levelCodes').map(String), note: String(form.get('note') ?? '') || null },
		});
		if (r.__typename === 'MutationApplyAsAssessorSuccess') return { registered: true };
		return fail(400, { registerIssue: wordFailure(translator(event.locals.lang), r) });
	},
	filing: async (event) => {
		const form = await event.request.formData();
		const { setAssessorFiling: r } = await api(event, SetFiling, {
			input: { registrationId: String(form.get('registrationId') ?? ''), filingCode: String(form.get('filingCode') ?? '') },
		});
		if (r.__typename === 'MutationSetAssessorFilingSuccess') return { printDone: 'filing' as const };
		return fail(400, { printIssue: wordFailure(translator(event.locals.lang), r) });
	},
	seal: async (event) => {
		const form = await event.request.formData();
		const file = form.get('seal');
		if (!(file instanceof File) || file.size === 0) return fail(400, { printIssue: translator(event.locals.lang)('err.FILE_EMPTY') });
		const { uploadAssessorSeal: r } = await api(event, UploadSeal, {
			input: {
				registrationId: String(form.get('registrationId') ?? ''),
				fileName: file.name,
				contentBase64: Buffer.from(await file.arrayBuffer()).toString('base64'),
			},
		});
		if (r.__typename === 'MutationUploadAssessorSealSuccess') return { printDone: 'seal' as const };
		return fail(400, { printIssue: wordFailure(translator(event.locals.lang), r) });
	},
	create: async (event) => {
		const form = await event.request.formData();
		const values = Object.fromEntries(INPUTS.map((k) => [k, String(form.get(k) ?? '')]));
		// The form's local time is China time: the assessor schedules in it wherever the server runs.
		const startsAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(values.startsAt!) ? `${values.startsAt}:00+08:00` : '';
		if (!startsAt)
			return fail(400, {
				values,
				fields: { startsAt: '请填写开考时间 / enter the start time' } as Record<string, string>,
				other: [] as string[],
			});
		const { createExamSession: result } = await api(event, CreateExamSession, {
			input: {
				levelCode: values.levelCode!,
				startsAt,
				place: values.place!,
				capacity: Number(values.capacity),
				feeYuan: Number(values.feeYuan),
				publicationDays: values.publicationDays ? Number(values.publicationDays) : null,
			},
		});
		if (result.__typename === 'MutationCreateExamSessionSuccess') redirect(303, `/exams/${encodeURIComponent(result.data.id)}?created=1`);
		if (result.__typename === 'InputValidationError')
			return fail(400, { values, ...placeIssues(translator(event.locals.lang), result.fields, INPUTS) });
		return fail(400, { values, fields: {} as Record<string, string>, other: [wordFailure(translator(event.locals.lang), result)] });
	},
};
