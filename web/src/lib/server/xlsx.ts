import { error, type RequestEvent } from '@sveltejs/kit';
import ExcelJS from 'exceljs';
import {
	addDefinitionsSheet,
	addTableSheet,
	bookBuffer,
	type CellInput,
	type SheetColumn,
	XLSX_TYPE,
} from '@carecert/api/files/xlsx-book.ts';
import { regionName, todayInChina, translator, type MessageKey, type Translate } from '$lib/i18n';
import type { Viewer } from '$lib/viewer';

/**
 * The portal's .xlsx exports: one shape for every list a bureau works from (title, region, date, unit
 * and source above the table, typed cells, a 口径说明 sheet), laid out by the API's sheet builder and
 * worded here in the viewer's language. Rows come from the same GraphQL queries the pages use, sent as
 * the viewer, so an export holds exactly the rows the viewer may see.
 */

/** Who prepared the file: the viewer's organisation, else the bureau of the region their role is for. */
export function unitOf(viewer: Viewer, t: Translate, lang: 'zh' | 'en'): string {
	for (const m of viewer.memberships) {
		if (m.organisation) return m.organisation.name;
		if (m.role === 'ADMIN') return t('files.unitOf.ADMIN');
		if (m.region && m.role !== 'CAREGIVER') {
			const key = `files.unitOf.${m.role}` as MessageKey;
			return t(key, { region: regionName(m.region, lang) });
		}
	}
	return viewer.displayName;
}

/** The viewer's region as a bureau names it, or "all regions within reach". */
export function regionOf(viewer: Viewer, t: Translate, lang: 'zh' | 'en'): string {
	const m = viewer.memberships.find((x) => x.region || x.organisation);
	const region = m?.region ?? m?.organisation?.region;
	return region ? regionName(region, lang) : t('files.allRegions');
}

export type ExportSpec = {
	fileName: string;
	title: MessageKey;
	sheet: MessageKey;
	/** The region the rows are of; the viewer's own region when not given. */
	region?: string;
	/** "统计日期" of figures counted on a day; lists are dated by their export. */
	onDate?: string;
	filter?: string;
	columns: SheetColumn[];
	rows: CellInput[][];
	/** More tables, each on its own sheet, after the first. */
	more?: { title: MessageKey; sheet: MessageKey; columns: SheetColumn[]; rows: CellInput[][] }[];
	/** Column or term and what it counts (Chinese in a zh-CN file), with its basis where there is one. */
	definitions: [string, string, string?][];
};

/** The export as a download: the tables, then the definitions sheet. */
export async function xlsxExport(event: Pick<RequestEvent, 'locals'>, spec: ExportSpec): Promise<Response> {
	const lang = event.locals.lang;
	const t = translator(lang);
	const viewer = event.locals.viewer!;
	const details = [
		t('files.region', { region: spec.region ?? regionOf(viewer, t, lang) }),
		spec.onDate ? t('files.onDate', { date: spec.onDate }) : t('files.date', { date: todayInChina() }),
		t('files.unit', { unit: unitOf(viewer, t, lang) }),
		t('files.source'),
		t('files.measure'),
		...(spec.filter ? [t('files.filter', { filter: spec.filter })] : []),
	];
	const book = new ExcelJS.Workbook();
	addTableSheet(book, t(spec.sheet), { title: t(spec.title), details }, spec.columns, spec.rows);
	for (const m of spec.more ?? []) addTableSheet(book, t(m.sheet), { title: t(m.title), details }, m.columns, m.rows);
	addDefinitionsSheet(
		book,
		t('files.definitionsSheet'),
		[t('files.defTerm'), t('files.defMeaning'), t('files.defSource')],
		spec.definitions.map(([term, meaning, basis]) => [term, meaning, basis ?? '']),
	);
	return xlsxResponse(await bookBuffer(book), spec.fileName);
}

export function xlsxResponse(body: Buffer, fileName: string): Response {
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': XLSX_TYPE,
			// The ASCII name for old clients, the UTF-8 one for the rest.
			'content-disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
			'cache-control': 'private, no-store',
		},
	});
}

/**
 * Every page of a connection: an export holds the whole filtered list, not the page on screen. Past
 * `max` rows it refuses (413, worded) rather than hand over a file that looks complete but is not.
 */
export async function allPages<N>(
	event: Pick<RequestEvent, 'locals'>,
	page: (after: string | null) => Promise<{ pageInfo: { hasNextPage: boolean; endCursor?: string | null }; edges: { node: N }[] }>,
	max = 5000,
): Promise<N[]> {
	const out: N[] = [];
	let after: string | null = null;
	for (;;) {
		const got = await page(after);
		out.push(...got.edges.map((e) => e.node));
		if (out.length > max || (out.length === max && got.pageInfo.hasNextPage))
			error(413, translator(event.locals.lang)('files.tooMany', { max: max.toLocaleString('en-US') }));
		if (!got.pageInfo.hasNextPage || !got.pageInfo.endCursor) return out;
		after = got.pageInfo.endCursor;
	}
}

/** Yuan as the API writes it ("1,234.50") to a number of yuan. */
export const yuan = (text: string | null | undefined): number | null =>
	text === null || text === undefined || text === '' ? null : Number(text.replace(/,/g, ''));

/** A share of two counts, or empty when there is nothing to divide by. */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
