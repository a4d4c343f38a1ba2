import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { encodeGlobalID } from '@pothos/plugin-relay';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { schema } from '../../api/src/app/schema.ts';
import { createSession } from '../../api/src/modules/auth/auth.service.ts';
import { makeCaregiver, makeRegionTree, makeStaffOrganisations, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

/**
 * Every mutation of the schema, driven from its own input types with generated hostile values, by a
 * user holding every role (so refusals come from the input, not from the door): never an internal
 * error or a 5xx, always a typed answer, and a refusal writes nothing (every write in CareCert leaves
 * an audit row in the same transaction, so a refusal that left one would have written).
 */
// Sign-in mutations change the session the test runs on; they have their own tests (auth.test.ts).
const SKIP = new Set(['login', 'logout', 'logoutEverywhere', 'changePassword', 'reauthenticate']);

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ minLength: 500, maxLength: 3000 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uD800',
    '36110219740315002X',
    '<script>alert(1)</script>',
    '\'; DROP TABLE "AuditLog"; --',
    'L4',
    '361100',
    '2026-10',
    'a.csv',
    'JVBERi0xLjQK',
  ),
);
const TYPES = [
  'Caregiver',
  'Course',
  'Enrolment',
  'SubsidyClaim',
  'Organisation',
  'DirectedClass',
  'DirectedStudent',
  'DirectedBreach',
  'Certificate',
  'ExamSession',
  'LevelApplication',
  'Competition',
  'BlacklistEntry',
  'PaymentBatch',
  'Employment',
];
const id = fc.oneof(
  text,
  fc.constantFrom(...TYPES).map((t) => encodeGlobalID(t, randomUUID())),
  fc.constantFrom(...TYPES).map((t) => encodeGlobalID(t, '1')),
  fc.uuid(),
);
const day = fc.oneof(
  fc.constantFrom('2026-02-30', '2026-13-01', '0000-00-00', '', 'today'),
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
const instant = fc.oneof(
  text,
  fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
);

function arbitrary(type: GraphQLInputType, nullable = true): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return arbitrary(type.ofType, false);
  const inner = ((): fc.Arbitrary<unknown> => {
    if (isListType(type)) return fc.array(arbitrary(type.ofType), { maxLength: 3 });
    if (isEnumType(type)) return fc.oneof(fc.constantFrom(...type.getValues().map((v) => v.name)));
    if (isInputObjectType(type))
      return fc.record(Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, arbitrary(f.type)])));
    if (isScalarType(type)) {
      switch (type.name) {
        case 'Int':
          return fc.oneof(fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }), fc.integer({ min: -5, max: 120 }));
        case 'Float':
          return fc.oneof(
            fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }),
            fc.constantFrom(0, 0.001, 59.99, 60, 100.005),
          );
        case 'Boolean':
          return fc.boolean();
        case 'ID':
          return id;
        case 'Date':
          return day;
        case 'DateTime':
          return instant;
        case 'JSON':
          return fc.jsonValue({ maxDepth: 2 });
        default:
          return text;
      }
    }
    return fc.constant(null);
  })();
  return nullable ? fc.option(inner, { nil: null, freq: 5 }) : inner;
}

function documentFor(name: string, field: GraphQLField<unknown, unknown>) {
  const vars = field.args.map((a, i) => `$a${i}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a, i) => `${a.name}: $a${i}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `mutation Fuzz${vars ? `(${vars})` : ''} { ${name}${args ? `(${args})` : ''}${selection} }`;
}

let token: string;
let userId: string;

beforeAll(async () => {
  const tree = await makeRegionTree();
  const orgs = await makeStaffOrganisations(tree);
  const person = await makeCaregiver(tree.county.id, tree.county.code);
  const { user } = await makeUser('CAREGIVER', { caregiverId: person.caregiver.id });
  await prisma.membership.createMany({
    data: [
      ...Object.entries(orgs).map(([role, org]) => ({ userId: user.id, role: role as 'ASSESSOR', organisationId: org.id })),
      ...(['HR_REVIEWER', 'HR_APPROVER', 'FINANCE_OFFICER', 'CIVIL_AFFAIRS_ANALYST'] as const).map((role) => ({
        userId: user.id,
        role,
        regionId: tree.city.id,
      })),
      { userId: user.id, role: 'ADMIN' as const },
    ],
  });
  userId = user.id;
  token = (await createSession(user.id, { ip: '203.0.113.9', userAgent: 'vitest' })).token;
});

const mutations = Object.entries(schema.getMutationType()!.getFields()).filter(([name]) => !SKIP.has(name));

describe('every mutation under generated hostile input', () => {
  it('covers the schema', () => {
    expect(mutations.length).toBeGreaterThan(60);
  });

  it.each(mutations.map(([name, field]) => [name, field] as const))(
    '%s: typed answers, never a 5xx, and a refusal writes nothing',
    async (name, field) => {
      const document = documentFor(name, field);
      const variables = fc.tuple(...field.args.map((a) => arbitrary(a.type)));
      await fc.assert(
        fc.asyncProperty(field.args.length ? variables : fc.constant([]), async (values) => {
          const audits = await prisma.auditLog.count({ where: { actorUserId: userId } });
          const res = await gql(document, Object.fromEntries((values as unknown[]).map((v, i) => [`a${i}`, v])), { token });
          expect(res.status).toBeLessThan(500);
          for (const error of res.errors ?? [])
            expect(error.extensions?.code, `${name}: ${error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
          const answer = res.data?.[name] as { __typename?: string } | undefined;
          if (!res.errors && !isLeafType(getNamedType(field.type))) expect(answer?.__typename, name).toBeTruthy();
          const refused = !!res.errors || /Error$/.test(answer?.__typename ?? '');
          if (refused) expect(await prisma.auditLog.count({ where: { actorUserId: userId } }), `${name} wrote after refusing`).toBe(audits);
        }),
        { numRuns: 12 },
      );
    },
    120_000,
  );
});
