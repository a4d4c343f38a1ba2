import { error } from '@sveltejs/kit';
import { regionName, todayInChina, translator, type MessageKey } from '$lib/i18n';
import { loadWorkforce } from '$lib/server/workforce';
import { xlsxExport } from '$lib/server/xlsx';
import { BUREAU_ROLES, hasRole } from '$lib/viewer';
import type { SheetColumn } from '@carecert/api/files/xlsx-book.ts';
import type { RequestHandler } from './$types';

/** The dashboard's region and child regions as a spreadsheet: counts, each indicator with its target, gap and the target's basis, and definitions. */
export const GET: RequestHandler = async (event) => {
	if (!hasRole(event.locals.viewer, 'ADMIN', ...BUREAU_ROLES)) error(403, 'forbidden');
	const code = event.url.searchParams.get('region') ?? '';
	if (!/^\d{6}$/.test(code)) error(400, 'region');
	const on = event.url.searchParams.get('on') ?? '';
	const onDate = /^\d{4}-\d{2}-\d{2}$/.test(on) ? on : todayInChina();
	const { workforce } = await loadWorkforce(event, code, onDate);
	const lang = event.locals.lang;
	const t = translator(lang);
	const indicators = workforce.figures.indicators;
	const nameOf = (indicator: string) => t(`indicator.${indicator}` as MessageKey);
	// Shares are written as fractions formatted as percent; per-10k figures as numbers with two decimals.
	const valueKind = (unit: string): SheetColumn['kind'] => (unit === 'SHARE' ? 'percent' : 'decimal');

	const columns: SheetColumn[] = [
		{ header: t('x.region'), kind: 'text', width: 14 },
		{ header: t('x.regionCode'), kind: 'text', width: 10 },
		{ header: t('x.population'), kind: 'integer', width: 14 },
		{ header: t('x.inPost'), kind: 'integer', width: 12 },
		{ header: t('x.certified'), kind: 'integer', width: 12 },
		...indicators.flatMap((i): SheetColumn[] => [
			{ header: t('x.value', { indicator: nameOf(i.indicator) }), kind: valueKind(i.definition.unit), width: 16 },
			{ header: t('x.target', { indicator: nameOf(i.indicator) }), kind: valueKind(i.definition.unit), width: 16 },
			{ header: t('x.gap', { indicator: nameOf(i.indicator) }), kind: 'integer', width: 16 },
			{ header: t('x.targetSource', { indicator: nameOf(i.indicator) }), kind: 'text', width: 30 },
		]),
	];
	const rows = [workforce.figures, ...workforce.children].map((f) => [
		regionName(f.region, lang),
		f.region.code,
		f.counts.population,
		f.counts.careWorkersInPost,
		f.counts.certified,
		...f.indicators.flatMap((i) => [i.value, i.target?.value ?? null, i.gap, i.target?.source ?? null]),
	]);
	return xlsxExport(event, {
		fileName: `workforce-${code}-${onDate}.xlsx`,
		title: 'x.title.workforce',
		sheet: 'x.sheet.workforce',
		region: regionName(workforce.figures.region, lang),
		onDate,
		columns,
		rows,
		definitions: [
			...indicators.map((i): [string, string, string] => [
				nameOf(i.indicator),
				`${t(`wf.num.${i.indicator}` as MessageKey)} ÷ ${t(`wf.den.${i.indicator}` as MessageKey)}`,
				i.target?.source ?? t('wf.noTarget'),
			]),
			[t('x.targetTerm'), t('xd.wf.target')],
			[t('x.gapTerm'), t('xd.wf.gap')],
			[t('x.population'), t('xd.wf.population')],
		],
	});
};
