import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { todayInChina, translator, wordFailure, type ApiFailure } from '$lib/i18n';
import { api } from '$lib/server/api';
import { employingInstitution } from '$lib/viewer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const Roster = graphql(`
	query Roster($institutionId: ID!, $month: String!) {
		monthlyRoster(institutionId: $institutionId, month: $month) {
			month
			confirmedAt
			jobId
			institution {
				name
			}
			lines {
				employment {
					id
					post
					startDate
				}
				caregiverName
				attendanceDays
				socialInsurancePaid
				previousAttendanceDays
				previousSocialInsurancePaid
				liabilityIncident
				exclusion {
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
				claimReference
				claimStatus
				claimAmountYuan
			}
		}
	}
`);
const Summary = graphql(`
	query RosterSummary($institutionId: ID!, $month: String!) {
		monthlyRosterSummary(institutionId: $institutionId, month: $month) {
			people
			unrecorded
			eligible
			amountYuan
			exclusions {
				ruleId
				people
			}
		}
	}
`);
const Save = graphql(
	`
		mutation SaveRoster($input: MonthlyRosterInput!) {
			saveMonthlyRoster(input: $input) {
				__typename
				... on MutationSaveMonthlyRosterSuccess {
					data
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Confirm = graphql(
	`
		mutation ConfirmRoster($input: MonthlyRosterInput!) {
			confirmMonthlyRoster(input: $input) {
				__typename
				... on MutationConfirmMonthlyRosterSuccess {
					data
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

/** The month before this one: the usual month to confirm. */
const lastMonth = () => {
	const [y, m] = todayInChina().split('-').map(Number);
	return new Date(Date.UTC(y!, m! - 2, 1)).toISOString().slice(0, 7);
};

function institutionOf(viewer: App.Locals['viewer']) {
	const institution = employingInstitution(viewer);
	if (!institution) error(403, 'forbidden');
	return institution;
}

export const load: PageServerLoad = async (event) => {
	const institution = institutionOf(event.locals.viewer);
	const month = /^\d{4}-\d{2}$/.test(event.url.searchParams.get('month') ?? '') ? event.url.searchParams.get('month')! : lastMonth();
	const { monthlyRoster } = await api(event, Roster, { institutionId: institution.id, month });
	return { roster: monthlyRoster, month, maxMonth: lastMonth() };
};

/**
 * The lines filled in; a line whose days or insurance are still blank is not sent (confirming then names
 * who is missing). `allDays` (the "set everyone to" control) replaces every line's attendance.
 */
async function linesFrom(request: Request, everyone = false) {
	const form = await request.formData();
	const month = String(form.get('month') ?? '');
	const allDays = everyone ? Number(form.get('allDays')) : NaN;
	const daysOf = (id: string) => (Number.isInteger(allDays) ? String(allDays) : String(form.get(`days-${id}`) ?? '').trim());
	const lines = form
		.getAll('employment')
		.map(String)
		.filter((id) => daysOf(id) !== '' && ['yes', 'no'].includes(String(form.get(`insured-${id}`))))
		.map((id) => ({
			employmentId: id,
			attendanceDays: Number(daysOf(id)),
			socialInsurancePaid: form.get(`insured-${id}`) === 'yes',
			liabilityIncident: form.get(`incident-${id}`) === 'on',
		}));
	return { month, lines };
}

type Result = ApiFailure & { __typename: string };
const issueOf = (event: { locals: App.Locals }, r: Result) => wordFailure(translator(event.locals.lang), r);

async function save(event: RequestEvent, everyone: boolean) {
	const institution = institutionOf(event.locals.viewer);
	const { month, lines } = await linesFrom(event.request, everyone);
	const { saveMonthlyRoster: r } = await api(event, Save, { input: { institutionId: institution.id, month: `${month}-01`, lines } });
	return r.__typename === 'MutationSaveMonthlyRosterSuccess'
		? { saved: r.data, filled: everyone ? (lines[0]?.attendanceDays ?? null) : null, jobId: null, issue: null }
		: fail(400, { saved: null, filled: null, jobId: null, issue: issueOf(event, r) });
}

export const actions: Actions = {
	save: (event) => save(event, false),
	fill: (event) => save(event, true),
	// Confirming happens in two steps: the lines are saved and the summary shown, then confirmed.
	review: async (event) => {
		const institution = institutionOf(event.locals.viewer);
		const { month, lines } = await linesFrom(event.request);
		const { saveMonthlyRoster: r } = await api(event, Save, { input: { institutionId: institution.id, month: `${month}-01`, lines } });
		if (r.__typename !== 'MutationSaveMonthlyRosterSuccess')
			return fail(400, { saved: null, filled: null, jobId: null, issue: issueOf(event, r) });
		const { monthlyRosterSummary } = await api(event, Summary, { institutionId: institution.id, month });
		return { saved: null, filled: null, jobId: null, issue: null, summary: monthlyRosterSummary };
	},
	confirm: async (event) => {
		const institution = institutionOf(event.locals.viewer);
		const { month, lines } = await linesFrom(event.request);
		const { confirmMonthlyRoster: r } = await api(event, Confirm, {
			input: { institutionId: institution.id, month: `${month}-01`, lines },
		});
		return r.__typename === 'MutationConfirmMonthlyRosterSuccess'
			? { saved: null, filled: null, jobId: r.data, issue: null }
			: fail(400, { saved: null, filled: null, jobId: null, issue: issueOf(event, r) });
	},
};
