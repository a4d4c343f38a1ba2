import { error, fail } from '@sveltejs/kit';
import { BANK_FILE_FIELDS, LAYOUT_FORM_ROWS, type BankFileField } from '$lib/enums';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { failureText, todayInChina, translator } from '$lib/i18n';
import { api } from '$lib/server/api';
import { placeIssues } from '$lib/server/forms';
import { operatorRegion } from '$lib/server/operator-region';
import { regionGroups } from '$lib/server/regions';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const Funds = graphql(`
	query Funds($regionCode: String!, $year: Int!) {
		fundDashboard(regionCode: $regionCode, year: $year) {
			year
			budgetFen
			pipelineFen
			runRateFen
			forecastYearEndFen
			forecastExceedsBudget
			envelopes {
				fundCode
				fundName
				fundKind
				amountYuan
				committedYuan
				paidYuan
				availableYuan
				amountFen
				committedFen
				paidFen
			}
			months {
				month
				paidFen
				committedFen
			}
		}
		fundSources(regionCode: $regionCode) {
			__typename
			... on QueryFundSourcesSuccess {
				data {
					code
					name
					kind
					payerAccount
					payerName
					payerBank
					bankFileLayout {
						id
						name
					}
					region {
						code
						name
						nameEn
					}
				}
			}
		}
		subsidyClaims(regionCode: $regionCode, status: [REVOKED], first: 100) {
			edges {
				node {
					id
					reference
					kind
					amountYuan
					caregiver {
						name
					}
					recovery {
						reason
						amountFen
						recoveredFen
						settledAt
					}
				}
			}
		}
	}
`);
const Layouts = graphql(`
	query FundBankFileLayouts {
		bankFileLayouts {
			id
			code
			bankName
			name
			format
			totalRow
			columns {
				header
				field
			}
		}
	}
`);
const SaveLayout = graphql(
	`
		mutation SaveBankFileLayout($input: SaveBankFileLayoutInput!) {
			saveBankFileLayout(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const UpdatePayment = graphql(
	`
		mutation UpdateFundPayment($input: UpdateFundPaymentInput!) {
			updateFundPayment(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const CreateSource = graphql(
	`
		mutation CreateFundSource($input: CreateFundSourceInput!) {
			createFundSource(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const SetEnvelope = graphql(
	`
		mutation SetFundEnvelope($input: SetFundEnvelopeInput!) {
			setFundEnvelope(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);
const Recover = graphql(
	`
		mutation RecordSubsidyRecovery($input: RecordRecoveryInput!) {
			recordSubsidyRecovery(input: $input) {
				__typename
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

const READERS = ['FINANCE_OFFICER', 'HR_APPROVER', 'HR_REVIEWER'] as const;

/** Budgets, sources and recoveries are finance's (and an admin's) to change; the bureau reads. */
function finance(event: RequestEvent) {
	const scope = operatorRegion(event, READERS);
	if (!hasRole(event.locals.viewer, 'FINANCE_OFFICER', 'ADMIN')) error(403, 'forbidden');
	return scope;
}

export const load: PageServerLoad = async (event) => {
	const scope = operatorRegion(event, READERS);
	const year = Number(event.url.searchParams.get('year')) || Number(todayInChina().slice(0, 4));
	const regions = scope.admin ? await regionGroups(event, null) : [];
	const mayEdit = hasRole(event.locals.viewer, 'FINANCE_OFFICER', 'ADMIN');
	if (!scope.chosen) return { scope, regions, year, mayEdit, dashboard: null, sources: [], recoveries: [], layouts: [] };
	const [r, layouts] = await Promise.all([
		api(event, Funds, { regionCode: scope.chosen, year: Math.min(2100, Math.max(2000, year)) }),
		// The banks' layouts are finance's to see and choose; the bureau reads budgets only.
		mayEdit ? api(event, Layouts, {}).then((l) => l.bankFileLayouts) : Promise.resolve([]),
	]);
	const isAdmin = hasRole(event.locals.viewer, 'ADMIN');
	// The admin edits a layout by opening it (?layout=CODE); the form starts from its columns.
	const editing = isAdmin ? (layouts.find((l) => l.code === event.url.searchParams.get('layout')) ?? null) : null;
	return {
		scope,
		regions,
		year,
		mayEdit,
		isAdmin,
		editing,
		layouts,
		dashboard: r.fundDashboard,
		sources: r.fundSources.__typename === 'QueryFundSourcesSuccess' ? r.fundSources.data : [],
		recoveries: r.subsidyClaims.edges.map((e) => e.node).filter((c) => c.recovery && !c.recovery.settledAt),
	};
};

function refused(
	event: RequestEvent,
	form: string,
	values: Record<string, string>,
	inputs: string[],
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
		const { fields, other } = placeIssues(translator(event.locals.lang), r.fields, inputs);
		return fail(400, { form, values, fields, message: other.join('；') || t('checkFields') });
	}
	return fail(400, { form, values, fields: {}, message: failureText(t, r) });
}

export const actions: Actions = {
	createSource: async (event) => {
		const scope = finance(event);
		const form = await event.request.formData();
		const values = {
			code: String(form.get('code') ?? '')
				.trim()
				.toUpperCase(),
			name: String(form.get('name') ?? '').trim(),
			kind: String(form.get('kind') ?? 'SPECIAL_FUND'),
		};
		const { createFundSource: r } = await api(event, CreateSource, {
			input: { ...values, kind: values.kind as 'SPECIAL_FUND', regionCode: scope.chosen ?? '' },
		});
		if (r.__typename === 'MutationCreateFundSourceSuccess') return { done: 'sourceCreated' };
		return refused(event, 'source', values, ['code', 'name', 'kind'], r);
	},
	setEnvelope: async (event) => {
		finance(event);
		const form = await event.request.formData();
		const values = {
			fundCode: String(form.get('fundCode') ?? ''),
			year: String(form.get('year') ?? ''),
			amountYuan: String(form.get('amountYuan') ?? ''),
			reason: String(form.get('reason') ?? '').trim(),
		};
		const { setFundEnvelope: r } = await api(event, SetEnvelope, {
			input: { fundCode: values.fundCode, year: Number(values.year), amountYuan: Number(values.amountYuan), reason: values.reason },
		});
		if (r.__typename === 'MutationSetFundEnvelopeSuccess') return { done: 'envelopeSet' };
		return refused(event, 'envelope', values, ['fundCode', 'year', 'amountYuan', 'reason'], r);
	},
	payment: async (event) => {
		finance(event);
		const form = await event.request.formData();
		const values = {
			fundCode: String(form.get('fundCode') ?? ''),
			payerAccount: String(form.get('payerAccount') ?? '').trim(),
			payerName: String(form.get('payerName') ?? '').trim(),
			payerBank: String(form.get('payerBank') ?? '').trim(),
			bankFileLayoutId: String(form.get('bankFileLayoutId') ?? ''),
		};
		const { updateFundPayment: r } = await api(event, UpdatePayment, {
			input: { ...values, payerBank: values.payerBank || null, bankFileLayoutId: values.bankFileLayoutId || null },
		});
		if (r.__typename === 'MutationUpdateFundPaymentSuccess') return { done: 'paymentSet' };
		return refused(event, 'payment', values, ['fundCode', 'payerAccount', 'payerName', 'payerBank', 'bankFileLayoutId'], r);
	},
	layout: async (event) => {
		if (!hasRole(event.locals.viewer, 'ADMIN')) error(403, 'forbidden');
		const form = await event.request.formData();
		const text = (name: string) => String(form.get(name) ?? '').trim();
		const columns = Array.from({ length: LAYOUT_FORM_ROWS }, (_, i) => ({ header: text(`colHeader${i}`), field: text(`colField${i}`) }))
			// A row left blank is no column; a half-filled one goes to the API, which names what is missing.
			.filter((c) => c.header || c.field)
			.map((c) => ({
				header: c.header,
				field: (BANK_FILE_FIELDS as readonly string[]).includes(c.field) ? (c.field as BankFileField) : 'SEQ',
			}));
		const values = {
			code: text('code'),
			bankName: text('bankName'),
			name: text('name'),
			format: text('format') === 'XLSX' ? 'XLSX' : 'CSV',
			totalRow: (['TOP', 'BOTTOM', 'NONE'] as const).find((v) => v === text('totalRow')) ?? 'BOTTOM',
		} as const;
		const { saveBankFileLayout: r } = await api(event, SaveLayout, { input: { ...values, columns } });
		if (r.__typename === 'MutationSaveBankFileLayoutSuccess') return { done: 'layoutSaved' };
		// A refused form comes back with every row as typed.
		const typed = Object.fromEntries(
			Array.from({ length: LAYOUT_FORM_ROWS }, (_, i) => [`colHeader${i}`, `colField${i}`]).flatMap((names) =>
				names.map((n) => [n, text(n)]),
			),
		);
		return refused(event, 'layout', { ...values, ...typed }, ['code', 'bankName', 'name', 'format', 'totalRow', 'columns'], r);
	},
	recover: async (event) => {
		finance(event);
		const form = await event.request.formData();
		const values = { claimId: String(form.get('claimId') ?? ''), amountYuan: String(form.get('amountYuan') ?? '') };
		const { recordSubsidyRecovery: r } = await api(event, Recover, {
			input: { claimId: values.claimId, amountYuan: Number(values.amountYuan) },
		});
		if (r.__typename === 'MutationRecordSubsidyRecoverySuccess') return { done: 'recoveredOk' };
		return refused(event, 'recovery', values, ['amountYuan'], r);
	},
};
