import { error, fail } from '@sveltejs/kit';
import { REPAYMENT_STATUSES } from '$lib/directed';
import { oneOf } from '$lib/enums';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { translator, type Translate, wordFailure, type ApiIssue } from '$lib/i18n';
import { api } from '$lib/server/api';
import { formDate, placeIssues } from '$lib/server/forms';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Breaches = graphql(`
	query DirectedBreaches($status: [RepaymentStatus!], $after: String) {
		directedBreaches(first: 50, after: $after, status: $status) {
			totalCount
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					id
					kind
					occurredOn
					note
					supportReceivedYuan
					penaltyPercent
					amountDueYuan
					repaidYuan
					outstandingYuan
					status
					repayments {
						amountYuan
						paidOn
						reference
					}
					student {
						studentNo
						caregiver {
							name
						}
						class {
							id
							name
						}
					}
				}
			}
		}
	}
`);
const Repay = graphql(
	`
		mutation RecordDirectedRepayment($input: RecordRepaymentInput!) {
			recordDirectedRepayment(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Credit = graphql(
	`
		mutation RecordRepaymentToCreditRecord($input: CreditRecordInput!) {
			recordRepaymentToCreditRecord(input: $input) {
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
	if (!viewer) error(401, 'unauthenticated');
	if (!hasRole(viewer, 'COLLEGE_STAFF', 'HR_REVIEWER', 'HR_APPROVER', 'FINANCE_OFFICER', 'ADMIN')) error(403, 'forbidden');
	const status = oneOf(REPAYMENT_STATUSES, event.url.searchParams.get('status'));
	const { directedBreaches } = await api(event, Breaches, { status: status ? [status] : null, after: event.url.searchParams.get('after') });
	return {
		breaches: directedBreaches,
		status: status ?? '',
		// The college and the sponsoring region's HR bureau record money received; only the HR approver writes the credit record.
		mayRecord: hasRole(viewer, 'COLLEGE_STAFF', 'HR_REVIEWER', 'HR_APPROVER'),
		mayCredit: hasRole(viewer, 'HR_APPROVER'),
	};
};

type Action = 'repay' | 'credit';
type Result = {
	__typename: string;
	message?: string;
	code?: string;
	params?: readonly { name: string; value: string }[];
	fields?: readonly ApiIssue[];
};

const refuse = (action: Action, breachId: string, values: Record<string, string>, fields: Record<string, string>, message: string) =>
	fail(400, { action, breachId, done: false as const, values, fields, message });

/** The outcome of a row's form, tagged with the form and breach it belongs to so errors show there. */
function outcome(
	t: Translate,
	action: Action,
	breachId: string,
	values: Record<string, string>,
	result: Result,
	inputs: readonly string[],
) {
	if (result.__typename.endsWith('Success'))
		return {
			action,
			breachId,
			done: true as const,
			values: {} as Record<string, string>,
			fields: {} as Record<string, string>,
			message: null,
		};
	if (result.fields) {
		const { fields, other } = placeIssues(t, result.fields, inputs);
		return refuse(action, breachId, values, fields, [t('checkFields'), ...other].join(' '));
	}
	return refuse(action, breachId, values, {}, wordFailure(t, result));
}

async function read(request: Request, inputs: readonly string[]) {
	const form = await request.formData();
	return {
		breachId: String(form.get('breachId') ?? ''),
		values: Object.fromEntries(inputs.map((k) => [k, String(form.get(k) ?? '').trim()])),
	};
}

export const actions: Actions = {
	repay: async (event) => {
		const t = translator(event.locals.lang);
		const inputs = ['amountYuan', 'paidOn', 'reference'];
		const { breachId, values } = await read(event.request, inputs);
		// A number or date the API could not parse would fail the whole request: they are reported on their field.
		const amount = Number(values.amountYuan);
		const local: Record<string, string> = {};
		if (values.amountYuan === '' || !Number.isFinite(amount)) local.amountYuan = t('dir.amountRequired');
		if (!formDate(values.paidOn ?? null)) local.paidOn = t('dateRequired');
		if (Object.keys(local).length) return refuse('repay', breachId, values, local, t('checkFields'));
		const { recordDirectedRepayment: result } = await api(event, Repay, {
			input: { breachId, amountYuan: amount, paidOn: values.paidOn!, reference: values.reference! },
		});
		return outcome(t, 'repay', breachId, values, result, inputs);
	},
	credit: async (event) => {
		const t = translator(event.locals.lang);
		const inputs = ['note'];
		const { breachId, values } = await read(event.request, inputs);
		const { recordRepaymentToCreditRecord: result } = await api(event, Credit, { input: { breachId, note: values.note! } });
		return outcome(t, 'credit', breachId, values, result, inputs);
	},
};
