import { encodeGlobalID } from '@pothos/plugin-relay';
import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { ForbiddenError, InputValidationError, UnauthenticatedError } from '../../graphql/errors.ts';
import { hasRole, type Viewer } from '../../graphql/viewer.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { ErrorParam, paramList } from '../../graphql/error-types.ts';
import { REJECTED_ROWS_KEPT, pageOf, rejectedRowsPage } from '../../shared/row-import.ts';
import { ZImportPopulationInput } from './population.schemas.ts';
import { startPopulationImport, type RowIssue } from './population.service.ts';

const ImportPopulationInput = builder
  .inputType('ImportPopulationInput', {
    fields: (t) => ({
      fileName: t.string({ description: 'Name of the uploaded file; .csv (UTF-8) or .xlsx.' }),
      contentBase64: t.string({ description: 'The file, base64-encoded (at most 2 MB).' }),
      defaultSource: t.string({ required: false, description: 'Source for rows that leave theirs empty.' }),
    }),
  })
  .validate(ZImportPopulationInput);

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

/** Imports the viewer started (admins: all). */
function populationImportWhereFor(viewer: Viewer): Prisma.PopulationImportWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  return viewer?.kind === 'user' ? { createdById: viewer.userId } : { id: { in: [] } };
}

const SCOPES = { role: ['CIVIL_AFFAIRS_ANALYST', 'ADMIN'] } as const;

export const PopulationImportNode = builder.prismaNode('PopulationImport', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [populationImportWhereFor(ctx.viewer)] }),
  authScopes: { role: [...SCOPES.role] },
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

builder.queryField('populationImports', (t) =>
  t.prismaConnection({
    type: PopulationImportNode,
    cursor: 'id',
    authScopes: { role: [...SCOPES.role] },
    description: 'Population files the viewer imported (admins: all), newest first.',
    resolve: (query, _root, _args, ctx) =>
      prisma.populationImport.findMany({
        ...query,
        where: populationImportWhereFor(ctx.viewer),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
);

builder.mutationField('importPopulationStats', (t) =>
  t.field({
    type: PopulationImportNode,
    description:
      'Uploads elderly population figures (region_code, year, age_band 60+/65+, basis 常住/户籍, count, source) and applies them in the background: good rows are written, bad rows reported; a file naming a region outside the viewer’s is refused.',
    authScopes: { role: [...SCOPES.role] },
    errors: { types: [InputValidationError, UnauthenticatedError, ForbiddenError] },
    args: { input: t.arg({ type: ImportPopulationInput }) },
    resolve: (_root, { input }, ctx) => startPopulationImport(ctx, input),
  }),
);
