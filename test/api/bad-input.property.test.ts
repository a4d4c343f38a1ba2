import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { gid, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';
import { runStagedJob } from '../support/jobs.ts';

/**
 * Hostile and careless input, generated: whatever a field holds (very long text, control characters,
 * unpaired surrogates, numbers out of range, wrong shapes), a mutation answers a typed result (never an
 * internal error) and writes nothing unless the input was valid.
 */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 2000 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uD800',
    '36110219740315002X',
    '1'.repeat(18),
    '<script>alert(1)</script>',
    '\'; DROP TABLE "Caregiver"; --',
    '٣٦١١٠٢',
  ),
);
const date = fc.oneof(
  fc.constantFrom('2026-02-30', '0000-00-00', '2026-13-01', 'yesterday', ''),
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

let institutionToken: string;
let analystToken: string;
let regionCode: string;
let regionId: string;
let institutionId: string;

beforeAll(async () => {
  const regions = await makeRegionTree();
  regionCode = regions.county.code;
  regionId = regions.county.id;
  const home = await makeOrganisation(regions.county.id);
  institutionId = home.id;
  institutionToken = (await makeUser('INSTITUTION_STAFF', { organisationId: home.id })).token;
  analystToken = (await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: regions.province.id })).token;
});

const typed = (result: { __typename?: string } | null | undefined) => !!result?.__typename;
const noInternalError = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (res.errors ?? []).every((e) => e.extensions?.code !== 'INTERNAL_SERVER_ERROR');

describe('bad input never breaks a mutation', () => {
  it('registerCaregiver: typed answers, and nothing written for invalid input', async () => {
    const before = await prisma.caregiver.count({ where: { regionId } });
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(nasty, nasty, nasty, date, async (name, residentId, phone, startDate) => {
        const res = await gql(
          `mutation($input: RegisterCaregiverInput!) { registerCaregiver(input: $input) { __typename } }`,
          {
            input: {
              name,
              residentId,
              phone,
              education: 'JUNIOR',
              regionCode,
              employment: { institutionId: gid('Organisation', institutionId), post: 'CARE_WORKER', contractType: 'LABOUR', startDate },
            },
          },
          { token: institutionToken },
        );
        expect(noInternalError(res)).toBe(true);
        // A date that is no date is refused before any resolver runs, naming the field.
        for (const error of res.errors ?? [])
          expect(error.extensions?.code === 'BAD_USER_INPUT' && /startDate/.test(error.message)).toBe(true);
        if (res.data) expect(typed(res.data.registerCaregiver)).toBe(true);
        if (res.data?.registerCaregiver?.__typename === 'MutationRegisterCaregiverSuccess') accepted++;
      }),
      { numRuns: 60 },
    );
    expect(await prisma.caregiver.count({ where: { regionId } })).toBe(before + accepted);
  });

  it('importPopulationStats: broken files and rows get row errors or a field error, never a crash', async () => {
    const row = fc.tuple(nasty, nasty, nasty, nasty, nasty, nasty).map((cells) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(','));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 8 }), fc.constantFrom('p.csv', 'p.xlsx', 'p.txt'), async (rows, fileName) => {
        const content = Buffer.from(['region_code,year,age_band,basis,count,source', ...rows].join('\n')).toString('base64');
        const res = await gql(
          `mutation($input: ImportPopulationInput!) { importPopulationStats(input: $input) { __typename ... on MutationImportPopulationStatsSuccess { data { id jobId } } } }`,
          { input: { fileName, contentBase64: content } },
          { token: analystToken },
        );
        expect(noInternalError(res)).toBe(true);
        expect(typed(res.data?.importPopulationStats)).toBe(true);
        if (res.data?.importPopulationStats.__typename === 'MutationImportPopulationStatsSuccess') {
          // The job meets the rows: it completes, rejecting them, and writes no figure.
          const job = await runStagedJob(res.data.importPopulationStats.data.jobId);
          expect(job.status).toBe('COMPLETED');
          expect((job.result as { created: number }).created).toBe(0);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('verifyCertificate and employerLookup: any text is a typed answer', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, nasty, fc.boolean(), async (a, b, consent) => {
        const verify = await gql(
          `query($input: VerifyCertificateInput!) { verifyCertificate(input: $input) { __typename } }`,
          { input: { number: a, holderName: b } },
          { ip: `100.64.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
        );
        expect(noInternalError(verify)).toBe(true);
        const lookup = await gql(
          `query($input: EmployerLookupInput!) { employerLookup(input: $input) { __typename } }`,
          { input: { residentId: a, name: b, consent } },
          { token: institutionToken },
        );
        expect(noInternalError(lookup)).toBe(true);
        expect(typed(lookup.data?.employerLookup)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
