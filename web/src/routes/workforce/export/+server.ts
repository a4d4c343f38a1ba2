import { error } from '@sveltejs/kit';
import ExcelJS from 'exceljs';
import { neutraliseCell } from '@carecert/api/files/export-cells.ts';
import { todayInChina, translator } from '$lib/i18n';
import { loadWorkforce } from '$lib/server/workforce';
import { BUREAU_ROLES, hasRole } from '$lib/viewer';
import type { RequestHandler } from './$types';

/** The dashboard's region and child regions as a spreadsheet: counts, indicators, targets and gaps, with definitions. */
export const GET: RequestHandler = async (event) => {
	if (!hasRole(event.locals.viewer, 'ADMIN', ...BUREAU_ROLES)) error(403, 'forbidden');
	const code = event.url.searchParams.get('region') ?? '';
	if (!/^\d{6}$/.test(code)) error(400, 'region');
	const on = event.url.searchParams.get('on') ?? '';
	const onDate = /^\d{4}-\d{2}-\d{2}$/.test(on) ? on : todayInChina();
	const { workforce } = await loadWorkforce(event, code, onDate);
	const t = translator(event.locals.lang);

	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet(onDate);
	const indicators = workforce.figures.indicators;
	sheet.columns = [
		{ header: t('wf.region'), key: 'region', width: 18 },
		{ header: 'GB/T 2260', key: 'code', width: 10 },
		{ header: 'population 60+', key: 'population', width: 14 },
		{ header: 'care workers in post', key: 'inPost', width: 12 },
		{ header: 'certified', key: 'certified', width: 10 },
		...indicators.flatMap((i) => [
			{ header: t(`indicator.${i.indicator}`), key: i.indicator, width: 16 },
			{ header: `${t(`indicator.${i.indicator}`)} · gap`, key: `${i.indicator}.gap`, width: 10 },
		]),
	];
	for (const f of [workforce.figures, ...workforce.children]) {
		const row: Record<string, string | number | null> = {
			region: neutraliseCell(f.region.name),
			code: f.region.code,
			population: f.counts.population,
			inPost: f.counts.careWorkersInPost,
			certified: f.counts.certified,
		};
		for (const i of f.indicators) {
			row[i.indicator] = i.value === null ? null : Number(i.value.toFixed(4));
			row[`${i.indicator}.gap`] = i.gap;
		}
		sheet.addRow(row);
	}
	sheet.getRow(1).font = { bold: true };
	const definitions = book.addWorksheet(t('wf.definition'));
	definitions.columns = [{ width: 28 }, { width: 60 }, { width: 40 }, { width: 36 }];
	for (const i of indicators)
		definitions.addRow([i.definition.nameZh, i.definition.numerator, i.definition.denominator, i.definition.source].map(neutraliseCell));

	const body = await book.xlsx.writeBuffer();
	return new Response(body as ArrayBuffer, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="workforce-${code}-${onDate}.xlsx"`,
			'cache-control': 'private, no-store',
		},
	});
};
