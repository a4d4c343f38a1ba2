import { encodeGlobalID } from '@pothos/plugin-relay';
import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { ConflictError, ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { hasRole, membershipsWith, type Viewer } from '../../graphql/viewer.ts';
import { RosterImportKind } from '../../generated/prisma/enums.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { REJECTED_ROWS_KEPT, pageOf, rejectedRowsPage, type RejectedRow } from '../../shared/row-import.ts';
import { ErrorParam, paramList } from '../../graphql/error-types.ts';
import { startRosterImport } from './roster-import.service.ts';
import { ZStartRosterImportInput } from './training.schemas.ts';

builder.enumType(RosterImportKind, {
  name: 'RosterImportKind',
  description: 'STUDENTS: a directed class’s students (college); ATTENDANCE: session attendance (provider).',
});

/** Imports of the viewer's college or provider (admins: all). */
function importWhereFor(viewer: Viewer): Prisma.RosterImportWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  const orgs = membershipsWith(viewer, 'COLLEGE_STAFF', 'TRAINING_PROVIDER_STAFF').flatMap((m) =>
    m.organisationId ? [m.organisationId] : [],
  );
  return { organisationId: { in: orgs } };
}

const RejectedRowType = builder.objectRef<RejectedRow>('RosterRejectedRow').implement({
  description: 'A row of a roster file that was not imported, and why (ID numbers masked).',
  fields: (t) => ({
    row: t.exposeInt('row', { description: 'Line in the file, the header being 1.' }),
    column: t.exposeString('column'),
    value: t.exposeString('value'),
    code: t.string({
      description:
        'Stable code of the reason (REQUIRED, RESIDENT_ID_CHECK_DIGIT, COURSE_UNKNOWN ...); INVALID for reports kept before codes.',
      resolve: (r) => r.code ?? 'INVALID',
    }),
    params: t.field({ type: [ErrorParam], description: 'What the code needs to be worded.', resolve: (r) => paramList(r.params) }),
    message: t.exposeString('message', { description: 'English fallback wording.' }),
  }),
});

export const RosterImportNode = builder.prismaNode('RosterImport', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [importWhereFor(ctx.viewer)] }),
  authScopes: { role: ['COLLEGE_STAFF', 'TRAINING_PROVIDER_STAFF', 'ADMIN'] },
  fields: (t) => ({
    kind: t.expose('kind', { type: RosterImportKind }),
    fileName: t.exposeString('fileName'),
    sha256: t.exposeString('sha256'),
    rows: t.exposeInt('rows', { nullable: true, description: 'Rows below the header.' }),
    imported: t.exposeInt('imported', { description: 'Rows that changed something.' }),
    unchanged: t.exposeInt('unchanged', { description: 'Good rows already recorded (a file imported again).' }),
    rejectedCount: t.int({
      description: 'Rows rejected (each may have several reasons).',
      select: { rows: true, imported: true, unchanged: true, finishedAt: true },
      resolve: (i) => (i.finishedAt ? Math.max(0, (i.rows ?? 0) - i.imported - i.unchanged) : 0),
    }),
    rejectedRows: t.field({
      type: [RejectedRowType],
      description: `Why rows were rejected, a page at a time; the first ${REJECTED_ROWS_KEPT} reasons of an import are kept.`,
      args: {
        offset: t.arg.int({ required: false, defaultValue: 0, validate: rejectedRowsPage.offset }),
        first: t.arg.int({ required: false, defaultValue: 100, validate: rejectedRowsPage.first }),
      },
      select: { rejectedRows: true },
      resolve: (i, { offset, first }) => pageOf<RejectedRow>(i.rejectedRows, offset, first),
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

const StartRosterImportInput = builder
  .inputType('StartRosterImportInput', {
    fields: (t) => ({
      kind: t.field({ type: RosterImportKind }),
      classId: t.id({ required: false, description: 'STUDENTS: the directed class.' }),
      fileName: t.string({ description: '.csv (UTF-8) or .xlsx' }),
      contentBase64: t.string({ description: 'The file, base64-encoded (at most 2 MB).' }),
    }),
  })
  .validate(ZStartRosterImportInput);

builder.queryFields((t) => ({
  rosterImports: t.prismaConnection({
    type: RosterImportNode,
    cursor: 'id',
    authScopes: { role: ['COLLEGE_STAFF', 'TRAINING_PROVIDER_STAFF', 'ADMIN'] },
    description: 'Roster files of the viewer’s college or provider, newest first.',
    resolve: (query, _root, _args, ctx) =>
      prisma.rosterImport.findMany({ ...query, where: importWhereFor(ctx.viewer), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
}));

builder.mutationFields((t) => ({
  startRosterImport: t.field({
    type: RosterImportNode,
    description:
      'Uploads a roster (students: 学号, 姓名, 身份证号, 入学日期 [, 手机号, 学历, 协议编号, 签约日期]; attendance: 课程编号, 课次, 身份证号, 姓名, 学时) and imports it in the background: good rows are written, each rejected row is reported with the reason; the same file again changes nothing.',
    authScopes: { role: ['COLLEGE_STAFF', 'TRAINING_PROVIDER_STAFF'] },
    errors: { types: [InputValidationError, NotFoundError, ConflictError, ForbiddenError, UnauthenticatedError] },
    args: { input: t.arg({ type: StartRosterImportInput }) },
    resolve: (_root, { input }, ctx) => startRosterImport(ctx, input),
  }),
}));
