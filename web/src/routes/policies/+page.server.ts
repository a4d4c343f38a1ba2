import { fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { failureText, fieldIssueWords, translator, todayInChina } from '$lib/i18n';
import { EDITABLE_KINDS, formValuesOf, inputForPath, termsFromForm } from '$lib/policy-form';
import { api } from '$lib/server/api';
import { formDate } from '$lib/server/forms';
import { operatorRegion } from '$lib/server/operator-region';
import { regionGroups } from '$lib/server/regions';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const Policies = graphql(`
	query OperatorPolicies($regionCode: String) {
		subsidyPolicies(regionCode: $regionCode, history: true) {
			id
			code
			version
			kind
			nameZh
			nameEn
			effectiveFrom
			effectiveTo
			amounts
			rules
			effectiveRules
			instalments
			publicationDays
			reviewRole
			approveRole
			requiredEvidence
			fundCodes
			region {
				code
				name
				nameEn
			}
		}
	}
`);
const Funds = graphql(`
	query PolicyFundSources($regionCode: String!) {
		fundSources(regionCode: $regionCode) {
			__typename
			... on QueryFundSourcesSuccess {
				data {
					code
					name
					kind
				}
			}
		}
	}
`);
const RuleDefaults = graphql(`
	query SubsidyPolicyRuleDefaults($kind: SubsidyKind!) {
		subsidyPolicyRuleDefaults(kind: $kind)
	}
`);
const DryRun = graphql(
	`
		query SubsidyPolicyDryRun($input: PublishSubsidyPolicyInput!, $month: String!) {
			subsidyPolicyDryRun(input: $input, month: $month) {
				__typename
				... on QuerySubsidyPolicyDryRunSuccess {
					data {
						month
						claims
						amountYuan
						currentClaims
						currentAmountYuan
						differenceYuan
						gainers
						losers
						counties {
							regionCode
							regionName
							regionNameEn
							claims
							amountYuan
							currentClaims
							currentAmountYuan
						}
						changes {
							caregiverId
							caregiverName
							regionName
							regionNameEn
							subjectKey
							currentYuan
							draftYuan
							differenceFen
							differenceYuan
						}
					}
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Publish = graphql(
	`
		mutation PublishSubsidyPolicy($input: PublishSubsidyPolicyInput!) {
			publishSubsidyPolicy(input: $input) {
				__typename
				... on MutationPublishSubsidyPolicySuccess {
					data {
						code
						version
					}
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

const ROLES = ['HR_APPROVER'] as const;

/** Last month in China, YYYY-MM: the default month of a dry run. */
function lastMonth(): string {
	const [y, m] = todayInChina().split('-').map(Number) as [number, number];
	return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export const load: PageServerLoad = async (event) => {
	const scope = operatorRegion(event, ROLES);
	const kind = EDITABLE_KINDS.includes(event.url.searchParams.get('kind') ?? '') ? event.url.searchParams.get('kind')! : 'POST_SUBSIDY';
	const [{ subsidyPolicies }, regions, funds] = await Promise.all([
		api(event, Policies, { regionCode: scope.chosen }),
		scope.admin ? regionGroups(event, null) : Promise.resolve([]),
		scope.chosen ? api(event, Funds, { regionCode: scope.chosen }) : Promise.resolve(null),
	]);
	// The next version starts from the latest of the chosen code (or of the kind in this region).
	const from = event.url.searchParams.get('from');
	const base = subsidyPolicies.find((p) => (from ? p.code === from : p.kind === kind && p.region.code === scope.chosen)) ?? null;
	const formKind = base?.kind ?? kind;
	// A new policy starts from the kind's default rules, a revision from the version's rules as judged.
	const rules = base
		? base.effectiveRules
		: (await api(event, RuleDefaults, { kind: formKind as 'POST_SUBSIDY' })).subsidyPolicyRuleDefaults;
	return {
		scope,
		regions,
		policies: subsidyPolicies,
		fundSources: funds?.fundSources.__typename === 'QueryFundSourcesSuccess' ? funds.fundSources.data : [],
		kind: formKind,
		base: base
			? {
					code: base.code,
					nameZh: base.nameZh,
					nameEn: base.nameEn,
					publicationDays: base.publicationDays,
					fundCodes: base.fundCodes,
					reviewRole: base.reviewRole,
					approveRole: base.approveRole,
				}
			: null,
		terms: formValuesOf(formKind, { amounts: base?.amounts ?? {}, rules, instalments: base?.instalments ?? null }),
		month: lastMonth(),
		today: todayInChina(),
	};
};

/** The form as the API's input, and the values to show again when it is refused. */
async function read(event: RequestEvent) {
	const form = await event.request.formData();
	const kind = String(form.get('kind') ?? '');
	const { amounts, rules, instalments } = termsFromForm(kind, form);
	const input = {
		code: String(form.get('code') ?? '')
			.trim()
			.toUpperCase(),
		kind: kind as 'POST_SUBSIDY',
		nameZh: String(form.get('nameZh') ?? '').trim(),
		nameEn: String(form.get('nameEn') ?? '').trim(),
		regionCode: String(form.get('regionCode') ?? ''),
		effectiveFrom: formDate(form.get('effectiveFrom')) ?? '',
		effectiveTo: formDate(form.get('effectiveTo')),
		amounts,
		rules,
		instalments,
		publicationDays: Number(form.get('publicationDays')) || 0,
		fundCodes: form.getAll('fundCodes').map(String),
		reviewRole: (String(form.get('reviewRole') ?? '') || null) as 'HR_REVIEWER' | null,
		approveRole: (String(form.get('approveRole') ?? '') || null) as 'HR_APPROVER' | null,
	};
	const values: Record<string, string | string[]> = Object.fromEntries(
		[...new Set(form.keys())].map((k) => [
			k,
			form.getAll(k).length > 1 || k === 'fundCodes' || k === 'requiredEvidence' || k === 'contractTypes'
				? form.getAll(k).map(String)
				: String(form.get(k)),
		]),
	);
	return { input, values, month: String(form.get('month') ?? ''), kind };
}

function refusal(
	event: RequestEvent,
	kind: string,
	values: Record<string, string | string[]>,
	r: {
		__typename: string;
		fields?: readonly { path: readonly string[]; code: string; params: readonly { name: string; value: string }[]; message: string }[];
		code?: string;
		params?: readonly { name: string; value: string }[];
		message?: string;
	},
) {
	const t = translator(event.locals.lang);
	if (r.__typename === 'InputValidationError' && r.fields) {
		const fields: Record<string, string> = {};
		for (const f of r.fields) {
			const name = inputForPath(kind, f.path) ?? 'form';
			fields[name] ??= fieldIssueWords(event.locals.lang, f);
		}
		return fail(400, { values, fields, message: t('checkFields') });
	}
	return fail(400, { values, fields: {}, message: failureText(t, r) });
}

export const actions: Actions = {
	dryRun: async (event) => {
		operatorRegion(event, ROLES);
		const { input, values, month, kind } = await read(event);
		const { subsidyPolicyDryRun: r } = await api(event, DryRun, { input, month: /^\d{4}-\d{2}$/.test(month) ? month : lastMonth() });
		if (r.__typename === 'QuerySubsidyPolicyDryRunSuccess') return { values, fields: {}, dryRun: r.data };
		return refusal(event, kind, values, r);
	},
	publish: async (event) => {
		operatorRegion(event, ROLES);
		const { input, values, kind } = await read(event);
		const { publishSubsidyPolicy: r } = await api(event, Publish, { input });
		if (r.__typename === 'MutationPublishSubsidyPolicySuccess') return { published: r.data };
		return refusal(event, kind, values, r);
	},
};
