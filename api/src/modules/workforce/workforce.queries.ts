import { z } from 'zod';
import { builder } from '../../graphql/builder.ts';
import { BUREAU_ROLES, regionReach } from '../../graphql/viewer.ts';
import { INDICATORS } from './indicator-definitions.ts';
import { latestPublishedFigures, workforceFigures } from './workforce.service.ts';
import { IndicatorDefinitionType, WorkforceDashboardType, WorkforceFiguresType, WorkforceTargetRowType } from './workforce.types.ts';
import { workforceTargetsFor } from './targets.service.ts';
import { ForbiddenError, NotFoundError } from '../../graphql/errors.ts';

const ZRegionCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit region code');

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
    resolve: (_root, { regionCode, onDate }, ctx) =>
      workforceFigures(regionCode, onDate ?? undefined, regionReach(ctx.viewer, { roles: BUREAU_ROLES, tokenScope: 'workforce:read' })),
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
    description:
      'Targets for a year: the defaults, and with `regionCode` the region’s own and its ancestors’ (civil affairs of the region, admins).',
    authScopes: { role: ['CIVIL_AFFAIRS_ANALYST', 'ADMIN'] },
    errors: { types: [ForbiddenError, NotFoundError] },
    args: {
      regionCode: t.arg.string({ required: false, validate: ZRegionCode }),
      year: t.arg.int({ validate: z.number().int().min(2000).max(2100) }),
    },
    resolve: (_root, args, ctx) => workforceTargetsFor(ctx, args.regionCode ?? null, args.year),
  }),
}));
