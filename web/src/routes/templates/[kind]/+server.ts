import { error } from '@sveltejs/kit';
import { bookBuffer, templateBook } from '@carecert/api/files/xlsx-book.ts';
import { todayInChina, translator } from '$lib/i18n';
import { TEMPLATE_KINDS, templateColumns, type TemplateKind } from '$lib/import-templates';
import { xlsxResponse } from '$lib/server/xlsx';
import type { RequestHandler } from './$types';

/** An import's template: the headers its importer reads, one example row, and the notes sheet (说明). */
export const GET: RequestHandler = async (event) => {
	if (!event.locals.viewer) error(401, 'unauthenticated');
	const kind = event.params.kind as TemplateKind;
	if (!TEMPLATE_KINDS.includes(kind)) error(404, 'not found');
	const lang = event.locals.lang;
	const t = translator(lang);
	// A bank-return template opened from a batch shows that batch's own reference in its example.
	const ref = event.url.searchParams.get('ref');
	const reference = ref && /^[A-Z0-9-]{4,40}$/.test(ref) ? ref : undefined;
	const book = templateBook(
		{ data: t('files.dataSheet'), notes: t('files.notesSheet') },
		[t('files.notesColumn'), t('files.notesRequired'), t('files.notesFormat'), t('files.notesAllowed')],
		{ yes: t('files.yes'), no: t('files.no') },
		templateColumns(kind, t, lang, { reference, year: String(Number(todayInChina().slice(0, 4)) - 1) }),
		[t('files.noteExample'), t('files.noteFile')],
	);
	return xlsxResponse(await bookBuffer(book), `${kind}-template.xlsx`);
};
