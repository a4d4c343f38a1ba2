import { z } from 'zod';
import { builder } from '../../graphql/builder.ts';
import { BUREAU_ROLES, tokenReach } from '../../graphql/viewer.ts';
import { INDICATORS } from './indicator-definitions.ts';
import { latestPublishedFigures, projectTargetDate, workforceFigures, workforceSeries, type WorkforceDashboard } from './ratios.service.ts';
import { IndicatorDefinitionType, WorkforceFiguresType, WorkforceIndicatorEnum, WorkforceTargetRowType } from './ratios.types.ts';
import { workforceTargetsFor } from './targets.service.ts';
import { ForbiddenError, NotFoundError } from '../../graphql/errors.ts';

const ZRegionCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit region code');

const WorkforceDashboardType = builder.objectRef<WorkforceDashboard>('WorkforceDashboard').implement({
  description: 'Live workforce figures for a region and its child regions on one day.',
  fields: (t) => ({
    figures: t.field({ type: WorkforceFiguresType, resolve: (d) => d.figures }),
    children: t.field({ type: [WorkforceFiguresType], description: 'Each child region, by code.', resolve: (d) => d.children }),
    ranking: t.field({
      type: [WorkforceFiguresType],
      description: 'Child regions from best to worst on one indicator; regions without a figure last.',
      args: { indicator: t.arg({ type: WorkforceIndicatorEnum }) },
      resolve: (d, { indicator }) => {
        const value = (f: (typeof d.children)[number]) => f.indicators.find((i) => i.definition.indicator === indicator)?.value ?? -Infinity;
        return [...d.children].sort((a, b) => value(b) - value(a) || a.region.code.localeCompare(b.region.code));
      },
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
      description: 'When the indicator reaches its target on the trend of the last 12 month-end snapshots and today; null if met, flat or falling.',
      args: { indicator: t.arg({ type: WorkforceIndicatorEnum }) },
      resolve: async (d, { indicator }) => {
        const now = d.figures.indicators.find((i) => i.definition.indicator === indicator)!;
        if (!now.target) return null;
        const from = new Date(Date.UTC(d.figures.onDate.getUTCFullYear() - 1, d.figures.onDate.getUTCMonth(), d.figures.onDate.getUTCDate()));
        const points = (await workforceSeries(d, from, d.figures.onDate)).map((f) => ({ onDate: f.onDate, value: f.indicators.find((i) => i.definition.indicator === indicator)!.value }));
        return projectTargetDate([...points, { onDate: d.figures.onDate, value: now.value }], now.target.value);
      },
    }),
  }),
});

builder.queryFields((t) => ({
  workforce: t.field({
    type: WorkforceDashboardType,
    description: 'Workforce indicators of a region (rolled up over its subtree) and its child regions, live for a day (default today, China time).',
    authScopes: { role: ['ADMIN', ...BUREAU_ROLES], tokenScope: 'workforce:read' },
    args: {
      regionCode: t.arg.string({ validate: ZRegionCode }),
      onDate: t.arg({ type: 'Date', required: false }),
    },
    resolve: (_root, { regionCode, onDate }, ctx) => workforceFigures(regionCode, onDate ?? undefined, ctx.viewer?.kind === 'token' ? tokenReach(ctx.viewer, 'workforce:read') : 'all'),
  }),
  publicWorkforceFigures: t.field({
    type: WorkforceFiguresType,
    nullable: true,
    description: 'Published figures of a region from the latest month-end snapshot: aggregates only, no login needed.',
    args: { regionCode: t.arg.string({ validate: ZRegionCode }) },
    resolve: (_root, { regionCode }) => latestPublishedFigures(regionCode),
  }),
  workforceIndicatorDefinitions: t.field({
    type: [IndicatorDefinitionType],
    description: 'How each workforce indicator is computed.',
    resolve: () => [...INDICATORS],
  }),
}));

builder.queryFields((t) => ({
  workforceTargets: t.field({
    type: [WorkforceTargetRowType],
    description: 'Targets for a year: the defaults, and with `regionCode` the region’s own and its ancestors’ (civil affairs of the region, admins).',
    authScopes: { role: ['CIVIL_AFFAIRS_ANALYST', 'ADMIN'] },
    errors: { types: [ForbiddenError, NotFoundError] },
    args: { regionCode: t.arg.string({ required: false, validate: ZRegionCode }), year: t.arg.int({ validate: z.number().int().min(2000).max(2100) }) },
    resolve: (_root, args, ctx) => workforceTargetsFor(ctx, args.regionCode ?? null, args.year),
  }),
}));
