import { en } from './en';
import { zh } from './zh';

export type Lang = 'zh' | 'en';
export type MessageKey = keyof typeof zh;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh, en };

/** Whether a key built at run time (from a code the API sent) has words. */
export const hasMessage = (key: string): key is MessageKey => key in zh;

export const parseLang = (value: string | undefined | null): Lang => (value === 'en' ? 'en' : 'zh');

export const htmlLang = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en');

/** A translator for one language; `{name}` placeholders are filled from `params`. */
export function translator(lang: Lang): Translate {
	return (key, params = {}) => dictionaries[lang][key].replace(/\{(\w+)\}/g, (_, p: string) => String(params[p] ?? ''));
}

/** A field issue in words, without its field's name (the form shows it beside the field). */
export function fieldIssueWords(lang: Lang, issue: ApiIssue): string {
	return wordIssue(translator(lang), issue, false);
}

const shanghai = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Asia/Shanghai',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23',
});

/**
 * An instant as `YYYY-MM-DD HH:mm` China Standard Time, whatever the server's or browser's zone:
 * the people using this work in China, and a record must read the same for all of them.
 */
export function formatInstant(iso: string): string {
	const part = Object.fromEntries(shanghai.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
	return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

/** Region names are proper nouns: English shows the romanised name where the API has one. */
export const regionName = (region: { name: string; nameEn?: string | null }, lang: Lang) =>
	lang === 'en' && region.nameEn ? region.nameEn : region.name;

/** Today's date in China (YYYY-MM-DD); the server's own clock may be on UTC, eight hours behind. */
export const todayInChina = () => formatInstant(new Date().toISOString()).slice(0, 10);

type Param = { readonly name: string; readonly value: string };
/** A failure as the API reports it: a stable code, its parameters, field issues, and an English fallback message. */
export type ApiFailure = {
	code?: string | null;
	message?: string | null;
	params?: readonly Param[] | null;
	fields?: readonly ApiIssue[] | null;
};
/** One invalid field: its path in the input, a stable code and parameters. */
export type ApiIssue = { path: readonly string[]; code?: string | null; params?: readonly Param[] | null; message: string };

const known = hasMessage;

/** Parameter values as words: instants in China time, statuses and actions by name, field lists by label. */
function wordParams(t: Translate, params: readonly Param[] | null | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const { name, value } of params ?? []) {
		if (/^\d{4}-\d{2}-\d{2}T/.test(value)) out[name] = formatInstant(value);
		else if (name === 'fields')
			out[name] = value
				.split(',')
				.map((f) => fieldLabel(t, f) ?? f)
				.join('、');
		else if (known(`errValue.${value}`)) out[name] = t(`errValue.${value}` as MessageKey);
		else out[name] = value;
	}
	if (out.retryAfterSeconds && !out.minutes) out.minutes = String(Math.ceil(Number(out.retryAfterSeconds) / 60));
	return out;
}

/** The dictionary's name of an input field or file column, if it has one. */
export function fieldLabel(t: Translate, field: string): string | undefined {
	const key = `fieldName.${field}`;
	return known(key) ? t(key) : undefined;
}

/**
 * The words for a code and its parameters, most specific first: the state rule's `reason`, a variant of
 * the code (a string's length, an exclusive limit, a course rule), the console's or a module's own
 * wording, then the portal-wide `err.CODE`. Null when no dictionary knows the code.
 */
function codeWords(t: Translate, code: string | null | undefined, params: readonly Param[] | null | undefined): string | null {
	if (!code) return null;
	const p = Object.fromEntries((params ?? []).map((x) => [x.name, x.value]));
	const keys: string[] = [];
	if (p.reason) keys.push(`err.${p.reason}`, `op.err.${p.reason}`);
	if (p.rule) keys.push(`err.${code}.${p.rule}`);
	if ((code === 'TOO_SMALL' || code === 'TOO_BIG') && (p.origin === 'string' || p.origin === 'array')) keys.push(`err.${code}.${p.origin}`);
	if ((code === 'TOO_SMALL' || code === 'TOO_BIG') && p.exclusive) keys.push(`err.${code}.exclusive`);
	if (code === 'INVALID_TYPE' && p.expected) keys.push(`err.INVALID_TYPE.${p.expected}`);
	if (code === 'DUPLICATE_ROW' && !p.row) keys.push('err.DUPLICATE_ROW.anonymous');
	keys.push(`op.err.${code}`, `err.${code}`, `field.${code}`, `sub.error.${code}`, `dir.error.${code}`);
	const key = keys.find(known);
	return key ? t(key as MessageKey, wordParams(t, params)) : null;
}

/** One field issue in words, led by the field's name unless `withField` is false. */
export function wordIssue(t: Translate, issue: ApiIssue, withField = true): string {
	const words = codeWords(t, issue.code, issue.params) ?? t('err.INVALID');
	const field = issue.path.findLast((x) => !/^\d+$/.test(x) && x !== 'input');
	const label = field ? fieldLabel(t, field) : undefined;
	return withField && label ? `${label}：${words}` : words;
}

/**
 * Any failure the API reported, in words: each field issue with its field's name, else the failure's
 * code. A code no dictionary knows yet says that the action was not done and names the code, so a
 * Chinese page never shows the API's English fallback.
 */
export function wordFailure(t: Translate, failure: ApiFailure): string {
	if (failure.fields?.length) return failure.fields.map((f) => wordIssue(t, f)).join('；');
	return codeWords(t, failure.code, failure.params) ?? `${t('err.DOMAIN_ERROR')}${failure.code ? `（${failure.code}）` : ''}`;
}

/** A row an import refused, in words: `{column}：{reason}`. */
export const wordRejection = (t: Translate, r: { code?: string | null; params?: readonly Param[] | null; message: string }) =>
	codeWords(t, r.code, r.params) ?? t('err.INVALID');

/** A span of whole months in words: 1年4个月, 1 year 4 months. */
function wordSpan(t: Translate, months: number): string {
	const y = Math.floor(months / 12);
	const m = months % 12;
	const years = y === 1 ? t('span.oneYear') : t('span.years', { n: y });
	const rest = m === 1 ? t('span.oneMonth') : t('span.months', { n: m });
	return [y ? years : '', m || !y ? rest : ''].filter(Boolean).join(t('span.join'));
}

/** The parameters of a rule's condition in words: levels, contract and education by name, spans of months. */
const conditionParam: Record<string, (t: Translate, value: string) => string> = {
	level: (t, v) => (known(`tr.level.${v}`) ? t(`tr.level.${v}` as MessageKey) : v),
	contractType: (t, v) => (known(`contract.${v}`) ? t(`contract.${v}` as MessageKey) : v),
	workTime: (t, v) => (known(`cond.workTime.${v}`) ? t(`cond.workTime.${v}` as MessageKey) : v),
	education: (t, v) => (known(`education.${v}`) ? t(`education.${v}` as MessageKey) : v),
	educationIn: (t, v) =>
		v
			.split(',')
			.map((e) => conditionParam.education!(t, e))
			.join('/'),
	needMonths: (t, v) => wordSpan(t, Number(v)),
	hasMonths: (t, v) => wordSpan(t, Number(v)),
};

/** One condition of an eligibility rule (a claim's, an exam entry's, an instalment's) in words. */
export function wordCondition(t: Translate, c: { code: string; met: boolean; params: readonly Param[] }): string {
	const key = [`cond.${c.code}.${c.met ? 'met' : 'unmet'}`, `cond.${c.code}`].find(known);
	if (!key) return t('err.DOMAIN_ERROR') + `（${c.code}）`;
	const params = Object.fromEntries(c.params.map(({ name, value }) => [name, conditionParam[name]?.(t, value) ?? value]));
	return t(key as MessageKey, params);
}

/** An eligibility rule as the API gives it: met or not, and its conditions by code and parameters. */
export type ApiRule = { met: boolean; conditions: readonly { code: string; met: boolean; params: readonly Param[] }[] };

/** A rule in words: its conditions, joined. */
export const wordRule = (t: Translate, rule: ApiRule) => rule.conditions.map((c) => wordCondition(t, c)).join(t('cond.join'));

/** @deprecated The same as wordFailure. */
export const failureText = wordFailure;
