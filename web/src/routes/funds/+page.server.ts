import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { todayInChina } from '$lib/i18n';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

const Funds = graphql(`
	query Funds($regionCode: String!, $year: Int!) {
		fundDashboard(regionCode: $regionCode, year: $year) {
			year budgetFen pipelineFen runRateFen forecastYearEndFen forecastExceedsBudget
			envelopes { fundCode fundName fundKind amountYuan committedYuan paidYuan availableYuan amountFen committedFen paidFen }
			months { month paidFen committedFen }
		}
	}
`);

export const load: PageServerLoad = async (event) => {
	const membership = event.locals.viewer?.memberships.find((m) => ['FINANCE_OFFICER', 'HR_APPROVER', 'HR_REVIEWER'].includes(m.role) && m.region);
	if (!membership?.region) error(403, 'forbidden');
	const year = Number(event.url.searchParams.get('year')) || Number(todayInChina().slice(0, 4));
	const { fundDashboard } = await api(event, Funds, { regionCode: membership.region.code, year });
	return { dashboard: fundDashboard, region: membership.region };
};
