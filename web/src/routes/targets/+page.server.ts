import { fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { failureText, todayInChina, translator } from '$lib/i18n';
import { api } from '$lib/server/api';
import { placeIssues } from '$lib/server/forms';
import { operatorRegion } from '$lib/server/operator-region';
import { regionGroups } from '$lib/server/regions';
import type { Actions, PageServerLoad } from './$types';

const Targets = graphql(
	`
		query OperatorWorkforceTargets($regionCode: String, $year: Int!) {
			workforceTargets(regionCode: $regionCode, year: $year) {
				__typename
				... on QueryWorkforceTargetsSuccess {
					data {
						id
						indicator
						year
						value
						source
						isDefault
						region {
							code
							name
							nameEn
						}
					}
				}
				...FailureParts
			}
		}
	`,
	[FailureParts],
);
const SetTarget = graphql(
	`
		mutation SetWorkforceTarget($input: SetWorkforceTargetInput!) {
			setWorkforceTarget(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Revert = graphql(
	`
		mutation RevertWorkforceTarget($id: ID!) {
			revertWorkforceTarget(targetId: $id) {
				__typename
				...FailureParts
			}
		}
	`,
	[FailureParts],
);

const ROLES = ['CIVIL_AFFAIRS_ANALYST'] as const;
const INDICATORS = [
	'CERTIFIED_PER_10K',
	'SENIOR_SHARE',
	'FIRST_AID_SHARE',
	'TRAINING_COVERAGE',
	'CERTIFIED_ON_JOB',
	'SOCIAL_WORKERS_PER_10K',
] as const;

export const load: PageServerLoad = async (event) => {
	const scope = operatorRegion(event, ROLES);
	const year = Number(event.url.searchParams.get('year')) || Number(todayInChina().slice(0, 4));
	const [{ workforceTargets: r }, regions] = await Promise.all([
		api(event, Targets, { regionCode: scope.chosen, year }),
		scope.admin ? regionGroups(event, null) : Promise.resolve([]),
	]);
	return {
		scope,
		regions,
		year,
		indicators: INDICATORS,
		targets: r.__typename === 'QueryWorkforceTargetsSuccess' ? r.data : [],
		failure: r.__typename === 'QueryWorkforceTargetsSuccess' ? null : failureText(translator(event.locals.lang), r),
	};
};

export const actions: Actions = {
	set: async (event) => {
		const scope = operatorRegion(event, ROLES);
		const form = await event.request.formData();
		const values = {
			indicator: String(form.get('indicator') ?? ''),
			year: String(form.get('year') ?? ''),
			value: String(form.get('value') ?? ''),
			source: String(form.get('source') ?? '').trim(),
			asDefault: form.get('asDefault') === 'on',
		};
		// An admin without a chosen region, or ticking "default", sets the default every region falls back on.
		const regionCode = scope.admin && (values.asDefault || !scope.chosen) ? null : scope.chosen;
		const { setWorkforceTarget: r } = await api(event, SetTarget, {
			input: {
				regionCode,
				indicator: values.indicator as (typeof INDICATORS)[number],
				year: Number(values.year),
				value: Number(values.value),
				source: values.source,
			},
		});
		if (r.__typename === 'MutationSetWorkforceTargetSuccess') return { saved: true };
		const t = translator(event.locals.lang);
		if (r.__typename === 'InputValidationError') {
			const { fields, other } = placeIssues(translator(event.locals.lang), r.fields, ['indicator', 'year', 'value', 'source']);
			return fail(400, { values, fields, message: other.join('；') || t('checkFields') });
		}
		return fail(400, { values, fields: {}, message: failureText(t, r) });
	},
	revert: async (event) => {
		operatorRegion(event, ROLES);
		const id = String((await event.request.formData()).get('id') ?? '');
		const { revertWorkforceTarget: r } = await api(event, Revert, { id });
		if (r.__typename === 'MutationRevertWorkforceTargetSuccess') return { reverted: true };
		return fail(400, { message: failureText(translator(event.locals.lang), r) });
	},
};
