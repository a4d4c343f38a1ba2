import { z } from 'zod';
import { builder } from '../../graphql/builder.ts';
import { BUREAU_ROLES, regionReach } from '../../graphql/viewer.ts';
import { INDICATORS } from './indicator-definitions.ts';
import { latestPublishedFigures, projectTargetDate, workforceFigures, workforceSeries, type WorkforceDashboard } from './ratios.service.ts';
import { IndicatorDefinitionType, WorkforceFiguresType, WorkforceIndicatorEnum } from './ratios.types.ts';

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
    description:
      'Workforce indicators of a region (rolled up over its subtree) and its child regions, live for a day (default today, China time). Bureaus read their own region’s subtree; a region outside it answers NOT_FOUND (its published month-end figures are `publicWorkforceFigures`).',
    authScopes: { role: ['ADMIN', ...BUREAU_ROLES], tokenScope: 'workforce:read' },
    args: {
      regionCode: t.arg.string({ validate: ZRegionCode }),
      onDate: t.arg({ type: 'Date', required: false }),
    },
    // Live counts, per-child rankings, series and any past day are the bureau's working data, not the
    // published bulletin: each bureau reads them for its own subtree, as tokens do.
    resolve: (_root, { regionCode, onDate }, ctx) => workforceFigures(regionCode, onDate ?? undefined, regionReach(ctx.viewer, { roles: BUREAU_ROLES, tokenScope: 'workforce:read' })),
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
