/**
 * The terms of each subsidy kind as form fields (the shapes in api/src/modules/subsidies/policy-terms.ts):
 * an operator edits numbers and ticks, never JSON. Money is typed in yuan and sent in fen.
 */
export type TermField =
	| { name: string; path: [string, ...string[]]; type: 'yuan' | 'int' | 'percent'; label: string; param?: string }
	| { name: string; path: [string, ...string[]]; type: 'bool'; label: string }
	| { name: string; path: [string, ...string[]]; type: 'choice'; label: string; options: string[] };

const LEVELS = ['L5', 'L4', 'L3', 'L2', 'L1'];
const EDUCATIONS = ['SECONDARY_VOCATIONAL', 'COLLEGE', 'BACHELOR', 'MASTER_PLUS'];
export const POLICY_EVIDENCE = ['CONTRACT', 'DIPLOMA', 'INSURANCE_RECORD', 'OTHER'];
const evidence: TermField = {
	name: 'requiredEvidence',
	path: ['rules', 'requiredEvidence'],
	type: 'choice',
	label: 'pol.requiredEvidence',
	options: POLICY_EVIDENCE,
};
const claimWindow: TermField = {
	name: 'claimWithinMonths',
	path: ['rules', 'claimWithinMonths'],
	type: 'int',
	label: 'pol.claimWithinMonths',
};
const byLevel = (): TermField[] =>
	LEVELS.map((l) => ({ name: `level_${l}`, path: ['amounts', 'byLevel', l], type: 'yuan', label: 'pol.amountForLevel', param: l }));

export const POLICY_FORM: Record<string, TermField[]> = {
	POST_SUBSIDY: [
		...byLevel(),
		{ name: 'minMonthsInPost', path: ['rules', 'minMonthsInPost'], type: 'int', label: 'pol.minMonthsInPost' },
		{ name: 'minAttendanceDays', path: ['rules', 'minAttendanceDays'], type: 'int', label: 'pol.minAttendanceDays' },
		{
			name: 'contractTypes',
			path: ['rules', 'contractTypes'],
			type: 'choice',
			label: 'pol.contractTypes',
			options: ['LABOUR', 'DISPATCH'],
		},
		{ name: 'fullTimeOnly', path: ['rules', 'fullTimeOnly'], type: 'bool', label: 'pol.fullTimeOnly' },
		evidence,
	],
	ONBOARDING_AWARD: [
		...EDUCATIONS.map((e): TermField => ({
			name: `edu_${e}`,
			path: ['amounts', 'byEducation', e],
			type: 'yuan',
			label: 'pol.amountForEducation',
			param: e,
		})),
		{ name: 'graduatedWithinYears', path: ['rules', 'graduatedWithinYears'], type: 'int', label: 'pol.graduatedWithinYears' },
		{ name: 'minContractYears', path: ['rules', 'minContractYears'], type: 'int', label: 'pol.minContractYears' },
		{ name: 'allowedGapMonths', path: ['rules', 'allowedGapMonths'], type: 'int', label: 'pol.allowedGapMonths' },
		{ name: 'reemploymentKeepsMonths', path: ['rules', 'reemploymentKeepsMonths'], type: 'int', label: 'pol.reemploymentKeepsMonths' },
		evidence,
	],
	SKILLS_UPGRADE: [...byLevel(), claimWindow, evidence],
	CERTIFICATION: [
		{ name: 'feeSharePercent', path: ['amounts', 'feeSharePercent'], type: 'percent', label: 'pol.feeSharePercent' },
		{ name: 'floorYuan', path: ['amounts', 'floorFen'], type: 'yuan', label: 'pol.floor' },
		claimWindow,
		evidence,
	],
	TRAINING: [{ name: 'perTraineeYuan', path: ['amounts', 'perTraineeFen'], type: 'yuan', label: 'pol.perTrainee' }, claimWindow, evidence],
};

/** Kinds edited here; competition awards follow each competition's own award rules. */
export const EDITABLE_KINDS = Object.keys(POLICY_FORM);
/** Onboarding awards are paid in instalments: three rows of share and years. */
export const INSTALMENT_ROWS = 3;

type Json = Record<string, unknown>;

function getAt(obj: unknown, path: string[]): unknown {
	return path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Json)[k] : undefined), obj);
}
function setAt(obj: Json, path: string[], value: unknown) {
	let o = obj;
	for (const k of path.slice(0, -1)) o = (o[k] ??= {}) as Json;
	o[path.at(-1)!] = value;
}

/** Form values (strings, lists for ticks) from a stored version's terms: the starting point of the next version. */
export function formValuesOf(
	kind: string,
	policy: { amounts: unknown; rules: unknown; instalments?: unknown } | null,
): Record<string, string | string[]> {
	const values: Record<string, string | string[]> = {};
	for (const f of POLICY_FORM[kind] ?? []) {
		const v = policy ? getAt(policy, f.path) : undefined;
		if (f.type === 'choice') values[f.name] = Array.isArray(v) ? v.map(String) : [];
		else if (f.type === 'bool') values[f.name] = v === false ? '' : 'on';
		else if (f.type === 'yuan') values[f.name] = typeof v === 'number' ? String(v / 100) : '';
		else values[f.name] = typeof v === 'number' ? String(v) : '';
	}
	const plan = Array.isArray(policy?.instalments) ? (policy!.instalments as { sharePercent: number; afterYears: number }[]) : [];
	for (let i = 0; i < INSTALMENT_ROWS; i++) {
		values[`share_${i}`] = plan[i] ? String(plan[i]!.sharePercent) : '';
		values[`after_${i}`] = plan[i] ? String(plan[i]!.afterYears) : '';
	}
	return values;
}

/**
 * The policy's amounts, rules and instalments from the form. An empty number is left out, so the
 * kind's default applies (rules) or the API names the missing amount; a malformed number is sent as
 * typed for the API to refuse by field.
 */
export function termsFromForm(kind: string, form: FormData) {
	const terms: Json = { amounts: {}, rules: {} };
	for (const f of POLICY_FORM[kind] ?? []) {
		if (f.type === 'choice') setAt(terms, f.path, form.getAll(f.name).map(String));
		else if (f.type === 'bool') setAt(terms, f.path, form.get(f.name) === 'on');
		else {
			const raw = String(form.get(f.name) ?? '').trim();
			if (raw === '') continue;
			const n = Number(raw);
			setAt(terms, f.path, f.type === 'yuan' && Number.isFinite(n) ? Math.round(n * 100) : n);
		}
	}
	const instalments = Array.from({ length: INSTALMENT_ROWS }, (_, i) => ({
		sharePercent: Number(form.get(`share_${i}`) || 0),
		afterYears: Number(form.get(`after_${i}`) || 0),
	})).filter((r) => r.sharePercent > 0);
	return {
		amounts: terms.amounts as Json,
		rules: terms.rules as Json,
		instalments: kind === 'ONBOARDING_AWARD' && instalments.length ? instalments : null,
	};
}

/** Which form input an API issue path (['input', 'rules', 'minAttendanceDays']) belongs to. */
export function inputForPath(kind: string, path: readonly string[]): string | null {
	const rest = path[0] === 'input' ? path.slice(1) : path;
	const field = (POLICY_FORM[kind] ?? []).find((f) => f.path.length <= rest.length && f.path.every((p, i) => rest[i] === p));
	if (field) return field.name;
	if (rest[0] === 'instalments') return 'share_0';
	return rest[0] ?? null;
}
