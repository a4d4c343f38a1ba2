import { z } from 'zod';
import { builder } from '../../graphql/builder.ts';
import { BUREAU_ROLES, tokenReach } from '../../graphql/viewer.ts';
import { INDICATORS } from './indicator-definitions.ts';
import { latestPublishedFigures, workforceFigures } from './workforce.service.ts';
import { IndicatorDefinitionType, WorkforceDashboardType, WorkforceFiguresType } from './workforce.types.ts';

const ZRegionCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit region code');

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
