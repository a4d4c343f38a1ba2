import { ErrorParam, paramList } from '../../graphql/error-types.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { AgeBand, PopulationBasis, RegionLevel } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';
import { REJECTED_ROWS_KEPT, pageOf, rejectedRowsPage } from '../../shared/row-import.ts';
import { type RowIssue } from './population.service.ts';
import { POPULATION_SCOPES, populationImportWhereFor } from './regions.access.ts';
import { RegionCodeTakenError } from './regions.errors.ts';

builder.enumType(RegionLevel, { name: 'RegionLevel', description: 'Administrative level (GB/T 2260).' });
builder.enumType(AgeBand, { name: 'AgeBand' });
builder.enumType(PopulationBasis, { name: 'PopulationBasis' });

// Regions and population figures are public reference data: no personal information.
export const RegionNode = builder.prismaNode('Region', {
  id: { field: 'id' },
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    nameEn: t.exposeString('nameEn', { nullable: true }),
    level: t.expose('level', { type: RegionLevel }),
    parent: t.relation('parent', { nullable: true }),
    children: t.relatedConnection('children', { cursor: 'id', query: { orderBy: { code: 'asc' } }, totalCount: true }),
    populationStats: t.relatedConnection('populationStats', {
      cursor: 'id',
      query: { orderBy: [{ year: 'desc' }, { ageBand: 'asc' }] },
    }),
  }),
});

builder.prismaNode('ElderlyPopulationStat', {
  id: { field: 'id' },
  description: 'Elderly population of a region for a year, with the age band and basis it counts.',
  fields: (t) => ({
    region: t.relation('region'),
    year: t.exposeInt('year'),
    ageBand: t.expose('ageBand', { type: AgeBand }),
    basis: t.expose('basis', { type: PopulationBasis }),
    count: t.exposeInt('count'),
    source: t.exposeString('source'),
  }),
});

builder.objectType(RegionCodeTakenError, {
  name: 'RegionCodeTakenError',
  description: 'The region code is already in use.',
  interfaces: [ErrorInterface],
});

export const RowIssueType = builder.objectRef<RowIssue>('ImportRowIssue').implement({
  description: 'Why one row of an imported file was not written.',
  fields: (t) => ({
    row: t.exposeInt('row', { description: 'Line number in the file, the header being line 1.' }),
    field: t.exposeString('field'),
    code: t.string({
      nullable: true,
      description:
        'Stable code of the rule the row broke (REQUIRED, REGION_UNKNOWN, POPULATION_YEAR_IN_FUTURE ...); null only in reports kept before codes.',
      resolve: (r) => r.code ?? null,
    }),
    params: t.field({
      type: [ErrorParam],
      description: 'What the code needs to be worded: limits, values found.',
      resolve: (r) => paramList(r.params),
    }),
    message: t.exposeString('message'),
  }),
});

export const PopulationImportNode = builder.prismaNode('PopulationImport', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [populationImportWhereFor(ctx.viewer)] }),
  authScopes: { role: [...POPULATION_SCOPES.role] },
  description: 'An uploaded file of population figures, applied by a background job.',
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    sha256: t.exposeString('sha256'),
    rows: t.exposeInt('rows', { nullable: true, description: 'Rows below the header.' }),
    created: t.exposeInt('created'),
    updated: t.exposeInt('updated'),
    unchanged: t.exposeInt('unchanged'),
    rejectedCount: t.exposeInt('rejectedCount', { description: 'Rows rejected (each may have several reasons).' }),
    rejected: t.field({
      type: [RowIssueType],
      description: `Why rows were rejected, a page at a time, by line; the first ${REJECTED_ROWS_KEPT} reasons of an import are kept.`,
      args: {
        offset: t.arg.int({ required: false, defaultValue: 0, validate: rejectedRowsPage.offset }),
        first: t.arg.int({ required: false, defaultValue: 100, validate: rejectedRowsPage.first }),
      },
      select: { rejectedRows: true },
      resolve: (i, { offset, first }) => pageOf<RowIssue>(i.rejectedRows, offset, first),
    }),
    jobId: t.id({
      nullable: true,
      select: { jobId: true },
      description: 'Global ID of the BackgroundJob (progress).',
      resolve: (i) => (i.jobId ? encodeGlobalID('BackgroundJob', i.jobId) : null),
    }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
