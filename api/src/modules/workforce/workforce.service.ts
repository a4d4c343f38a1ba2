import { addYears, todayInChina } from '../../shared/china-time.ts';
import { ancestorPaths } from '../regions/region-paths.ts';
import { prisma } from '../../db/client.ts';
import { NotFoundError } from '../../graphql/errors.ts';
import { withinReach } from '../../graphql/viewer.ts';
import type { WorkforceIndicator } from '../../generated/prisma/enums.ts';
import { INDICATORS, type IndicatorDefinition } from './indicator-definitions.ts';
import { countWorkforce, snapshotOf, type WorkforceCounts } from './workforce-counts.ts';

export type TargetRow = { regionId: string | null; indicator: WorkforceIndicator; year: number; value: number; source: string };

export type IndicatorValue = {
  definition: IndicatorDefinition;
  /** null when there is nothing to divide by (no population figure, nobody in post). */
  value: number | null;
  numerator: number;
  denominator: number | null;
  /** `year` is the milestone year whose target is shown; `ownYear` says whether that is the figure's own year. */
  target: { value: number; year: number; source: string; inherited: boolean; ownYear: boolean } | null;
  /** People still needed to reach the target at today's denominator; 0 once met. */
  gap: number | null;
  met: boolean | null;
};

export type RegionRef = { id: string; code: string; name: string; nameEn: string | null; level: string; path: string };

export type WorkforceFigures = {
  region: RegionRef;
  onDate: Date;
  counts: WorkforceCounts;
  indicators: IndicatorValue[];
};

function ratio(
  definition: IndicatorDefinition,
  c: WorkforceCounts,
): { numerator: number; denominator: number | null; value: number | null } {
  const per10k = (n: number) => ({ numerator: n, denominator: c.population, value: c.population ? (n / c.population) * 10_000 : null });
  const share = (n: number, d: number) => ({ numerator: n, denominator: d, value: d ? n / d : null });
  switch (definition.indicator) {
    case 'CERTIFIED_PER_10K':
      return per10k(c.certified);
    case 'SOCIAL_WORKERS_PER_10K':
      return per10k(c.socialWorkers);
    case 'SENIOR_SHARE':
      return share(c.senior, c.certified);
    case 'FIRST_AID_SHARE':
      return share(c.firstAid, c.certified);
    case 'TRAINING_COVERAGE':
      return share(c.trained, c.trainingBase);
    case 'CERTIFIED_ON_JOB':
      return share(c.certified, c.careWorkersInPost);
  }
}

/**
 * The target that applies in `year`: the region's own or its nearest ancestor's, else the default; of
 * a ladder of milestone years (2020, 2022, 2025) the next one not yet passed, or the last once all have.
 */
export function applicableTarget(
  targets: TargetRow[],
  indicator: WorkforceIndicator,
  year: number,
  lineage: string[],
): IndicatorValue['target'] {
  for (const regionId of [...lineage, null]) {
    const ladder = targets.filter((t) => t.indicator === indicator && t.regionId === regionId).sort((a, b) => a.year - b.year);
    if (!ladder.length) continue;
    const chosen = ladder.find((t) => t.year >= year) ?? ladder[ladder.length - 1]!;
    return {
      value: chosen.value,
      year: chosen.year,
      source: chosen.source,
      inherited: regionId !== lineage[0],
      ownYear: chosen.year === year,
    };
  }
  return null;
}

export function indicatorValues(counts: WorkforceCounts, targets: TargetRow[], year: number, lineage: string[]): IndicatorValue[] {
  return INDICATORS.map((definition) => {
    const { numerator, denominator, value } = ratio(definition, counts);
    const target = applicableTarget(targets, definition.indicator, year, lineage);
    let gap: number | null = null;
    if (target && denominator) {
      const needed =
        definition.unit === 'PER_10K'
          ? Math.ceil((target.value * denominator) / 10_000 - 1e-9)
          : Math.ceil(target.value * denominator - 1e-9);
      gap = Math.max(0, needed - numerator);
    }
    // A per-10k figure says where its population came from: the region's own, or its children's added up.
    const withPopulation =
      definition.unit === 'PER_10K' && counts.populationFrom
        ? { ...definition, populationFrom: counts.populationFrom, populationChildrenMissing: counts.populationChildrenMissing ?? null }
        : definition;
    return { definition: withPopulation, value, numerator, denominator, target, gap, met: gap === null ? null : gap === 0 };
  });
}

/** Ids from the root down to the region, read from its materialised path. */
async function lineageOf(path: string): Promise<Map<string, string>> {
  const codes = path.split('/');
  const rows = await prisma.region.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } });
  return new Map(rows.map((r) => [r.code, r.id]));
}

const regionSelect = { id: true, code: true, name: true, nameEn: true, level: true, path: true } as const;

/** '360000/361100/361102' → ['360000', '360000/361100', '360000/361100/361102']. */

/**
 * Live figures for a region and each of its child regions on a day: one counting statement for all of
 * them, one for the targets, and the region look-ups — the same handful of statements for a county or
 * for a province with a hundred children.
 */
export type WorkforceDashboard = { figures: WorkforceFigures; children: WorkforceFigures[]; targets: TargetRow[]; lineage: string[] };

export async function workforceFigures(
  regionCode: string,
  onDate: Date = todayInChina(),
  reach: string[] | 'all' = 'all',
): Promise<WorkforceDashboard> {
  const region = await prisma.region.findUnique({
    where: { code: regionCode },
    select: { ...regionSelect, children: { select: regionSelect, orderBy: { code: 'asc' } } },
  });
  // A region outside a region-limited token's reach answers as one that does not exist.
  if (!region || !withinReach(reach, region.path)) throw new NotFoundError('Region');
  const [lineage, counts, targets] = await Promise.all([
    lineageOf(region.path),
    countWorkforce(onDate, [region.id, ...region.children.map((c) => c.id)]),
    prisma.workforceTarget.findMany({
      where: { OR: [{ regionId: null }, { region: { path: { in: ancestorPaths(region.path) } } }, { region: { parentId: region.id } }] },
    }),
  ]);
  const rows: TargetRow[] = targets.map((t) => ({
    regionId: t.regionId,
    indicator: t.indicator,
    year: t.year,
    value: Number(t.value),
    source: t.source,
  }));
  const year = onDate.getUTCFullYear();
  const lineageIds = region.path
    .split('/')
    .map((code) => lineage.get(code)!)
    .reverse();
  const countsOf = (id: string) => counts.find((c) => c.regionId === id)!;
  const build = (r: RegionRef, chain: string[]): WorkforceFigures => ({
    region: r,
    onDate,
    counts: countsOf(r.id),
    indicators: indicatorValues(countsOf(r.id), rows, year, chain),
  });
  return {
    figures: build(region, lineageIds),
    children: region.children.map((child) => build(child, [child.id, ...lineageIds])),
    targets: rows,
    lineage: lineageIds,
  };
}

/** The dashboard region's month-end snapshots between two days, oldest first, with indicators against the targets of each year. */
export async function workforceSeries(dashboard: WorkforceDashboard, from: Date, to: Date): Promise<WorkforceFigures[]> {
  const rows = await prisma.workforceSnapshot.findMany({
    where: { regionId: dashboard.figures.region.id, onDate: { gte: from, lte: to } },
    orderBy: { onDate: 'asc' },
  });
  return rows.map((s) => ({
    region: dashboard.figures.region,
    onDate: s.onDate,
    counts: s,
    indicators: indicatorValues(s, dashboard.targets, s.onDate.getUTCFullYear(), dashboard.lineage),
  }));
}

/** The latest month-end snapshot of a region, for public figures that need no live counting. */
export async function latestPublishedFigures(regionCode: string): Promise<WorkforceFigures | null> {
  const region = await prisma.region.findUnique({ where: { code: regionCode }, select: regionSelect });
  if (!region) throw new NotFoundError('Region');
  const snapshot = await prisma.workforceSnapshot.findFirst({ where: { regionId: region.id }, orderBy: { onDate: 'desc' } });
  if (!snapshot) return null;
  const [lineage, targets] = await Promise.all([
    lineageOf(region.path),
    prisma.workforceTarget.findMany({ where: { OR: [{ regionId: null }, { region: { path: { in: ancestorPaths(region.path) } } }] } }),
  ]);
  const rows: TargetRow[] = targets.map((t) => ({
    regionId: t.regionId,
    indicator: t.indicator,
    year: t.year,
    value: Number(t.value),
    source: t.source,
  }));
  const chain = region.path
    .split('/')
    .map((code) => lineage.get(code)!)
    .reverse();
  return {
    region,
    onDate: snapshot.onDate,
    counts: snapshot,
    indicators: indicatorValues(snapshot, rows, snapshot.onDate.getUTCFullYear(), chain),
  };
}

/**
 * When the indicator reaches its target if it keeps the trend of the series (least squares over the
 * points, per day); null when it is falling or flat, or already met.
 */
export function projectTargetDate(points: { onDate: Date; value: number | null }[], target: number): Date | null {
  const known = points.filter((p): p is { onDate: Date; value: number } => p.value !== null);
  if (known.length < 2) return null;
  const last = known[known.length - 1]!;
  if (last.value >= target) return null;
  const xs = known.map((p) => p.onDate.getTime() / 86_400_000);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = known.reduce((a, p) => a + p.value, 0) / known.length;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const slope = known.reduce((a, p, i) => a + (xs[i]! - mx) * (p.value - my), 0) / sxx;
  if (!(slope > 0)) return null;
  const days = (target - last.value) / slope;
  if (days > 365 * 50) return null;
  const at = new Date(last.onDate.getTime() + Math.ceil(days) * 86_400_000);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** Child regions from best to worst on one indicator; regions without a figure last, ties by code. */
export function rankChildren(d: WorkforceDashboard, indicator: WorkforceIndicator): WorkforceFigures[] {
  const value = (f: WorkforceFigures) => f.indicators.find((i) => i.definition.indicator === indicator)?.value ?? -Infinity;
  return [...d.children].sort((a, b) => value(b) - value(a) || a.region.code.localeCompare(b.region.code));
}

/** When the indicator reaches its target on the trend of the last 12 month-end snapshots and today; null if met, flat or falling. */
export async function projectIndicator(d: WorkforceDashboard, indicator: WorkforceIndicator): Promise<Date | null> {
  const now = d.figures.indicators.find((i) => i.definition.indicator === indicator)!;
  if (!now.target) return null;
  const from = addYears(d.figures.onDate, -1);
  const points = (await workforceSeries(d, from, d.figures.onDate)).map((f) => ({
    onDate: f.onDate,
    value: f.indicators.find((i) => i.definition.indicator === indicator)!.value,
  }));
  return projectTargetDate([...points, { onDate: d.figures.onDate, value: now.value }], now.target.value);
}

/**
 * Records every region's counts at a month end, in one counting statement and one upsert per region
 * batch; taking the same month again replaces it (figures for a past day can change when records
 * are corrected late).
 */
export async function takeWorkforceSnapshot(onDate: Date): Promise<number> {
  const regions = await prisma.region.findMany({ select: { id: true } });
  const counts = await countWorkforce(
    onDate,
    regions.map((r) => r.id),
  );
  await prisma.$transaction([
    prisma.workforceSnapshot.deleteMany({ where: { onDate } }),
    prisma.workforceSnapshot.createMany({
      data: counts.map((c) => snapshotOf(c, onDate)),
    }),
  ]);
  return counts.length;
}
