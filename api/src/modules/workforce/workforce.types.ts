import { builder } from '../../graphql/builder.ts';
import { AgeBand, PopulationBasis, RegionLevel, WorkforceIndicator } from '../../generated/prisma/enums.ts';
import type { IndicatorDefinition } from './indicator-definitions.ts';
import {
  projectIndicator,
  rankChildren,
  workforceSeries,
  type IndicatorValue,
  type RegionRef,
  type WorkforceDashboard,
  type WorkforceFigures,
} from './workforce.service.ts';
import type { WorkforceCounts } from './workforce-counts.ts';

export const WorkforceIndicatorEnum = builder.enumType(WorkforceIndicator, { name: 'WorkforceIndicator' });
const IndicatorUnit = builder.enumType('IndicatorUnit', {
  values: { PER_10K: { description: 'Per 10,000 elderly residents' }, SHARE: { description: 'A share between 0 and 1' } } as const,
});

export const IndicatorDefinitionType = builder.objectRef<IndicatorDefinition>('IndicatorDefinition').implement({
  description: 'How an indicator is computed; every figure carries it, since a ratio without its definition cannot be compared.',
  fields: (t) => ({
    indicator: t.expose('indicator', { type: WorkforceIndicatorEnum }),
    nameZh: t.exposeString('nameZh'),
    nameEn: t.exposeString('nameEn'),
    unit: t.expose('unit', { type: IndicatorUnit }),
    numerator: t.exposeString('numerator'),
    denominator: t.exposeString('denominator'),
    ageBand: t.expose('ageBand', { type: AgeBand, nullable: true, description: 'Population age band (per-10k indicators).' }),
    basis: t.expose('basis', { type: PopulationBasis, nullable: true, description: 'Resident (常住) or registered (户籍) population.' }),
    source: t.exposeString('source'),
    populationFrom: t.string({
      nullable: true,
      description:
        'Per-10k figures: OWN (the region’s own population figure) or CHILDREN_SUM (it has none; its child regions’ figures of the same year, age band and basis are added up).',
      resolve: (d) => d.populationFrom ?? null,
    }),
    populationChildrenMissing: t.int({
      nullable: true,
      description: 'With CHILDREN_SUM: child regions without a figure for the year, so the sum undercounts (a warning when above 0).',
      resolve: (d) => d.populationChildrenMissing ?? null,
    }),
  }),
});

const TargetType = builder.objectRef<NonNullable<IndicatorValue['target']>>('WorkforceTarget').implement({
  fields: (t) => ({
    value: t.exposeFloat('value'),
    year: t.exposeInt('year', { description: 'The milestone year the target is set for.' }),
    source: t.exposeString('source'),
    inherited: t.exposeBoolean('inherited', {
      description: 'True when set for an ancestor region or as the default, not for this region.',
    }),
    ownYear: t.exposeBoolean('ownYear', {
      description: 'False when the figure’s year has no target of its own and the one shown is the milestone `year`’s.',
    }),
  }),
});

export const IndicatorValueType = builder.objectRef<IndicatorValue>('IndicatorValue').implement({
  fields: (t) => ({
    indicator: t.field({ type: WorkforceIndicatorEnum, resolve: (v) => v.definition.indicator }),
    definition: t.field({ type: IndicatorDefinitionType, resolve: (v) => v.definition }),
    value: t.exposeFloat('value', { nullable: true, description: 'Null when there is nothing to divide by.' }),
    numerator: t.exposeInt('numerator'),
    denominator: t.exposeInt('denominator', { nullable: true }),
    target: t.field({ type: TargetType, nullable: true, resolve: (v) => v.target }),
    gap: t.exposeInt('gap', { nullable: true, description: 'People still needed to reach the target; 0 once met.' }),
    met: t.exposeBoolean('met', { nullable: true }),
  }),
});

const WorkforceRegion = builder.objectRef<RegionRef>('WorkforceRegion').implement({
  description: 'The region a figure is for (its whole subtree is counted).',
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    nameEn: t.exposeString('nameEn', { nullable: true }),
    level: t.field({ type: RegionLevel, resolve: (r) => r.level as RegionLevel }),
  }),
});

const Counts = builder.objectRef<WorkforceCounts>('WorkforceCounts').implement({
  description: 'Distinct people counted on the day (aggregates only: no person is identified).',
  fields: (t) => ({
    careWorkersInPost: t.exposeInt('careWorkersInPost'),
    certified: t.exposeInt('certified'),
    senior: t.exposeInt('senior'),
    firstAid: t.exposeInt('firstAid'),
    trainingBase: t.exposeInt('trainingBase', { description: 'Care workers and directors in post.' }),
    trained: t.exposeInt('trained'),
    socialWorkers: t.exposeInt('socialWorkers'),
    population: t.exposeInt('population', {
      nullable: true,
      description: 'Resident population aged 60+, or null when no figure covers the region.',
    }),
    populationYear: t.exposeInt('populationYear', { nullable: true }),
  }),
});

export const WorkforceFiguresType = builder.objectRef<WorkforceFigures>('WorkforceFigures').implement({
  fields: (t) => ({
    region: t.field({ type: WorkforceRegion, resolve: (f) => f.region }),
    onDate: t.field({ type: 'Date', resolve: (f) => f.onDate }),
    counts: t.field({ type: Counts, resolve: (f) => f.counts }),
    indicators: t.field({ type: [IndicatorValueType], resolve: (f) => f.indicators }),
    indicator: t.field({
      type: IndicatorValueType,
      args: { indicator: t.arg({ type: WorkforceIndicatorEnum }) },
      resolve: (f, { indicator }) => f.indicators.find((i) => i.definition.indicator === indicator)!,
    }),
  }),
});

export type SeriesPointShape = { onDate: Date; figures: WorkforceFigures };

export const WorkforceDashboardType = builder.objectRef<WorkforceDashboard>('WorkforceDashboard').implement({
  description: 'Live workforce figures for a region and its child regions on one day.',
  fields: (t) => ({
    figures: t.field({ type: WorkforceFiguresType, resolve: (d) => d.figures }),
    children: t.field({ type: [WorkforceFiguresType], description: 'Each child region, by code.', resolve: (d) => d.children }),
    ranking: t.field({
      type: [WorkforceFiguresType],
      description: 'Child regions from best to worst on one indicator; regions without a figure last.',
      args: { indicator: t.arg({ type: WorkforceIndicatorEnum }) },
      resolve: (d, { indicator }) => rankChildren(d, indicator),
    }),
    series: t.field({
      type: [WorkforceFiguresType],
      description: 'Month-end snapshots of the region between two days, oldest first.',
      args: { from: t.arg({ type: 'Date' }), to: t.arg({ type: 'Date', required: false }) },
      resolve: (d, { from, to }) => workforceSeries(d, from, to ?? d.figures.onDate),
    }),
    projectedOn: t.field({
      type: 'Date',
      nullable: true,
      description:
        'When the indicator reaches its target on the trend of the last 12 month-end snapshots and today; null if met, flat or falling.',
      args: { indicator: t.arg({ type: WorkforceIndicatorEnum }) },
      resolve: (d, { indicator }) => projectIndicator(d, indicator),
    }),
  }),
});

export const WorkforceTargetRowType = builder.prismaObject('WorkforceTarget', {
  name: 'WorkforceTargetRow',
  description: 'A stored target: for one region, or (no region) the default for every region without its own.',
  fields: (t) => ({
    id: t.exposeID('id'),
    indicator: t.expose('indicator', { type: WorkforceIndicatorEnum }),
    year: t.exposeInt('year'),
    value: t.float({ select: { value: true }, resolve: (r) => Number(r.value) }),
    source: t.exposeString('source'),
    isDefault: t.boolean({
      select: { regionId: true },
      description: 'True for the reference-data default (no region).',
      resolve: (r) => r.regionId === null,
    }),
    region: t.relation('region', { nullable: true }),
  }),
});
