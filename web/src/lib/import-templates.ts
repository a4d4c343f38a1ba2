import type { Lang, MessageKey, Translate } from '$lib/i18n';
import { columnsOf, type TemplateKind } from '$lib/import-columns';

export { TEMPLATE_KINDS, type TemplateKind } from '$lib/import-columns';

/** The template's columns worded for `lang`: header, required, format, allowed values, example. */
export function templateColumns(kind: TemplateKind, t: Translate, lang: Lang, opts: { reference?: string; year: string }) {
	const columns = columnsOf(kind, opts);
	const example = columns[0]!.example;
	return columns.map((c) => ({
		header: lang === 'en' ? c.en : c.zh,
		required: c.required,
		format: t(c.format as MessageKey),
		allowed: c.allowed ? t(c.allowed as MessageKey, { example }) : '',
		example: lang === 'en' ? (c.exampleEn ?? c.example) : c.example,
	}));
}

/** "Required columns: 学号、姓名…" for an import page. */
export function requiredColumns(kind: TemplateKind, t: Translate, lang: Lang): string {
	const names = columnsOf(kind, { year: '' })
		.filter((c) => c.required)
		.map((c) => (lang === 'en' ? c.en : c.zh));
	return t('files.required', { columns: names.join(lang === 'en' ? ', ' : '、') });
}
