import { en } from './en';
import { zh } from './zh';

export type Lang = 'zh' | 'en';
export type MessageKey = keyof typeof zh;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh, en };

export const parseLang = (value: string | undefined | null): Lang => (value === 'en' ? 'en' : 'zh');

/** A translator for one language; `{name}` placeholders are filled from `params`. */
export function translator(lang: Lang) {
	return (key: MessageKey, params: Record<string, string | number> = {}) =>
		dictionaries[lang][key].replace(/\{(\w+)\}/g, (_, p: string) => String(params[p] ?? ''));
}

/** Dates come from the API as YYYY-MM-DD; instants are shown in China Standard Time. */
export function formatInstant(iso: string, lang: Lang): string {
	return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
		timeZone: 'Asia/Shanghai',
		dateStyle: 'medium',
		timeStyle: 'short'
	}).format(new Date(iso));
}
