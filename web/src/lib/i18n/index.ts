import { en } from './en';
import { zh } from './zh';

export type Lang = 'zh' | 'en';
export type MessageKey = keyof typeof zh;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh, en };

export const parseLang = (value: string | undefined | null): Lang => (value === 'en' ? 'en' : 'zh');

export const htmlLang = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en');

/** A translator for one language; `{name}` placeholders are filled from `params`. */
export function translator(lang: Lang): Translate {
	return (key, params = {}) => dictionaries[lang][key].replace(/\{(\w+)\}/g, (_, p: string) => String(params[p] ?? ''));
}

/** A field issue in words: its code's `field.CODE` entry filled from its parameters, else the API's English fallback. */
export function fieldIssueWords(
	lang: Lang,
	issue: { code: string; params: readonly { name: string; value: string }[]; message: string },
): string {
	const key = `field.${issue.code}`;
	if (!(key in dictionaries[lang])) return issue.message;
	return translator(lang)(key as MessageKey, Object.fromEntries(issue.params.map((p) => [p.name, p.value])));
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

/** A failure as the API reports it: a stable code, its parameters, and an English fallback message. */
export type ApiFailure = { code?: string; message?: string; params?: readonly { name: string; value: string }[] };

/**
 * Words an API failure from its code and parameters where the dictionaries know the code (`err.CODE`),
 * else shows the API's fallback message. Instants among the parameters are shown in China time.
 */
export function failureText(t: Translate, failure: ApiFailure): string {
	const key = `err.${failure.code}`;
	if (!failure.code || !(key in zh)) return failure.message ?? '';
	const params = Object.fromEntries(
		(failure.params ?? []).map((p) => [p.name, /^\d{4}-\d{2}-\d{2}T/.test(p.value) ? formatInstant(p.value) : p.value]),
	);
	return t(key as MessageKey, params);
}
