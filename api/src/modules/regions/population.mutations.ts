import { builder } from '../../graphql/builder.ts';
import { ForbiddenError, InputValidationError, UnauthenticatedError } from '../../graphql/errors.ts';
import { ZImportPopulationInput } from './population.schemas.ts';
import { importPopulationStats, type PopulationImportResult, type RowIssue } from './population.service.ts';

const ImportPopulationInput = builder
  .inputType('ImportPopulationInput', {
    fields: (t) => ({
      fileName: t.string({ description: 'Name of the uploaded file; .csv (UTF-8) or .xlsx.' }),
      contentBase64: t.string({ description: 'The file, base64-encoded (at most 2 MB).' }),
      defaultSource: t.string({ required: false, description: 'Source for rows that leave theirs empty.' }),
    }),
  })
  .validate(ZImportPopulationInput);

const RowIssueType = builder.objectRef<RowIssue>('ImportRowIssue').implement({
  description: 'Why one row of an imported file was not written.',
  fields: (t) => ({
    row: t.exposeInt('row', { description: 'Line number in the file, the header being line 1.' }),
    field: t.exposeString('field'),
    code: t.string({ nullable: true, description: 'Stable code of the rule the row broke, where it has one (e.g. POPULATION_YEAR_IN_FUTURE).', resolve: (r) => r.code ?? null }),
    message: t.exposeString('message'),
  }),
});

const PopulationImportType = builder.objectRef<PopulationImportResult>('PopulationImport').implement({
  fields: (t) => ({
    created: t.exposeInt('created'),
    updated: t.exposeInt('updated'),
    unchanged: t.exposeInt('unchanged'),
    rejected: t.field({ type: [RowIssueType], resolve: (r) => r.rejected }),
  }),
});

builder.mutationField('importPopulationStats', (t) =>
  t.field({
    type: PopulationImportType,
    description: 'Imports elderly population figures (region_code, year, age_band 60+/65+, basis 常住/户籍, count, source): good rows are written, bad rows reported.',
    authScopes: { role: ['CIVIL_AFFAIRS_ANALYST', 'ADMIN'] },
    errors: { types: [InputValidationError, UnauthenticatedError, ForbiddenError] },
    args: { input: t.arg({ type: ImportPopulationInput }) },
    resolve: (_root, { input }, ctx) => importPopulationStats(ctx, input),
  }),
);
