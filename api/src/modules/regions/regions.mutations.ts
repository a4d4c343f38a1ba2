import { builder } from '../../graphql/builder.ts';
import { ForbiddenError, InputValidationError, UnauthenticatedError } from '../../graphql/errors.ts';
import { ZImportPopulationInput } from './regions.schemas.ts';
import { startPopulationImport } from './population.service.ts';
import { POPULATION_SCOPES } from './regions.access.ts';
import { RegionCodeTakenError } from './regions.errors.ts';
import { ZAddRegionInput } from './regions.schemas.ts';
import { addRegion } from './regions.service.ts';
import { PopulationImportNode, RegionNode } from './regions.types.ts';

const AddRegionInput = builder
  .inputType('AddRegionInput', {
    fields: (t) => ({
      code: t.string({ description: '6-digit GB/T 2260 code.' }),
      name: t.string(),
      nameEn: t.string({ required: false }),
      parentCode: t.string({ required: false, description: 'The province or city it belongs to; none for a province.' }),
    }),
  })
  .validate(ZAddRegionInput);

builder.mutationField('addRegion', (t) =>
  t.field({
    type: RegionNode,
    description: 'Adds a province, city or county code (a new or renamed division).',
    authScopes: { role: 'ADMIN' },
    errors: { types: [RegionCodeTakenError, InputValidationError, UnauthenticatedError, ForbiddenError] },
    args: { input: t.arg({ type: AddRegionInput }) },
    resolve: (_root, { input }, ctx) => addRegion(ctx, input),
  }),
);

const ImportPopulationInput = builder
  .inputType('ImportPopulationInput', {
    fields: (t) => ({
      fileName: t.string({ description: 'Name of the uploaded file; .csv (UTF-8) or .xlsx.' }),
      contentBase64: t.string({ description: 'The file, base64-encoded (at most 2 MB).' }),
      defaultSource: t.string({ required: false, description: 'Source for rows that leave theirs empty.' }),
    }),
  })
  .validate(ZImportPopulationInput);

/** Imports the viewer started (admins: all). */
builder.mutationField('importPopulationStats', (t) =>
  t.field({
    type: PopulationImportNode,
    description:
      'Uploads elderly population figures (region_code, year, age_band 60+/65+, basis 常住/户籍, count, source) and applies them in the background: good rows are written, bad rows reported; a file naming a region outside the viewer’s is refused.',
    authScopes: { role: [...POPULATION_SCOPES.role] },
    errors: { types: [InputValidationError, UnauthenticatedError, ForbiddenError] },
    args: { input: t.arg({ type: ImportPopulationInput }) },
    resolve: (_root, { input }, ctx) => startPopulationImport(ctx, input),
  }),
);
