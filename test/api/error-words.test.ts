import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { validateSessionToken } from '../../api/src/modules/auth/auth.service.ts';
import { WrongStateError } from '../../api/src/graphql/errors.ts';
import { runRosterImport, startRosterImport } from '../../api/src/modules/training/roster-import.service.ts';
import { approveAssessor, gid, makeOrganisation, makeRegionTree, makeResidentId, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';
import { runStagedJob } from '../support/jobs.ts';

/**
 * The API speaks codes: every expected failure names a stable code, the field path and the parameters
 * the portal words it with; the English message other systems read is worded from the code in one
 * place, never a Chinese-and-English sentence built by a service.
 */
const ISSUES = `fields { path code params { name value } message }`;
const params = (list: { name: string; value: string }[]) => Object.fromEntries(list.map((p) => [p.name, p.value]));
const CJK = /[\u4e00-\u9fff]/;

let regions: Awaited<ReturnType<typeof makeRegionTree>>;

beforeAll(async () => {
  regions = await makeRegionTree();
});

describe('field issues carry a code, the path and parameters', () => {
  it('a resident ID number with a wrong check digit, and a name too short (TOO_SMALL with the limit)', async () => {
    const home = await makeOrganisation(regions.county.id);
    const staff = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    const id = makeResidentId(regions.county.code, 1972, true);
    const res = await gql(
      `mutation($input: RegisterCaregiverInput!) { registerCaregiver(input: $input) { __typename ... on InputValidationError { code ${ISSUES} } } }`,
      {
        input: {
          name: '',
          residentId: id.slice(0, 17) + (id[17] === '1' ? '2' : '1'),
          phone: '13812345678',
          education: 'JUNIOR',
          regionCode: regions.county.code,
          employment: {
            institutionId: gid('Organisation', home.id),
            post: 'CARE_WORKER',
            contractType: 'LABOUR',
            fullTime: true,
            startDate: '2025-03-01',
          },
        },
      },
      { token: staff.token },
    );
    const result = res.data?.registerCaregiver;
    expect(result.__typename).toBe('InputValidationError');
    expect(result.code).toBe('INVALID_INPUT');
    type Issue = { path: string[]; code: string; params: { name: string; value: string }[] };
    const about = (field: string) => (result.fields as Issue[]).filter((f) => f.path.at(-1) === field);
    expect(about('residentId').map((f) => f.code)).toContain('RESIDENT_ID_CHECK_DIGIT');
    const short = about('name').find((f) => f.code === 'TOO_SMALL')!;
    expect(params(short.params)).toMatchObject({ minimum: '2', origin: 'string' });
    for (const f of result.fields) expect(f.message).not.toMatch(CJK);
  });

  it('a sign-in with the username left empty: REQUIRED on username', async () => {
    const res = await gql(
      `mutation($input: LoginInput!) { login(input: $input) { __typename ... on InputValidationError { ${ISSUES} } } }`,
      { input: { username: '', password: 'x' } },
    );
    const [issue] = res.data!.login.fields;
    expect(issue).toMatchObject({ path: ['input', 'username'], code: 'REQUIRED', message: 'is required' });
  });

  it('an exam session starting in the past: DATE_NOT_IN_FUTURE on startsAt; a capacity over the limit: TOO_BIG with the limit', async () => {
    const assessor = await makeOrganisation(regions.city.id, 'ASSESSOR');
    await approveAssessor(assessor.id);
    const staff = await makeUser('ASSESSOR', { organisationId: assessor.id });
    const res = await gql(
      `mutation($input: CreateExamSessionInput!) { createExamSession(input: $input) { __typename ... on InputValidationError { ${ISSUES} } } }`,
      {
        input: {
          levelCode: 'L5',
          startsAt: new Date(Date.now() - 86_400_000).toISOString(),
          place: '县职教中心',
          capacity: 5000,
          feeYuan: 180,
        },
      },
      { token: staff.token },
    );
    const fields = res.data?.createExamSession.fields as {
      path: string[];
      code: string;
      params: { name: string; value: string }[];
      message: string;
    }[];
    const startsAt = fields.find((f) => f.path.at(-1) === 'startsAt')!;
    expect(startsAt).toMatchObject({ path: ['input', 'startsAt'], code: 'DATE_NOT_IN_FUTURE', message: 'must be in the future' });
    const capacity = fields.find((f) => f.path.at(-1) === 'capacity')!;
    expect(capacity.code).toBe('TOO_BIG');
    expect(params(capacity.params)).toMatchObject({ maximum: '2000', origin: 'number' });
  });

  it('an employer look-up without consent: CONSENT_REQUIRED on consent', async () => {
    const home = await makeOrganisation(regions.county.id);
    const staff = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    const res = await gql(
      `query($input: EmployerLookupInput!) { employerLookup(input: $input) { __typename ... on InputValidationError { ${ISSUES} } } }`,
      { input: { residentId: makeResidentId(regions.county.code), name: '周美玲', consent: false } },
      { token: staff.token },
    );
    const fields = res.data?.employerLookup?.fields ?? res.errors?.[0]?.extensions;
    expect(JSON.stringify(fields)).toContain('CONSENT_REQUIRED');
  });
});

describe('failures of state carry a reason code and parameters, worded in English in one place', () => {
  it('a state error names its reason; its message is the catalogue’s English, not a bilingual sentence', () => {
    const e = new WrongStateError('RECOVERY_TOO_MUCH', { owedYuan: '120.00' });
    expect(e.code).toBe('WRONG_STATE');
    expect(e.params).toEqual({ reason: 'RECOVERY_TOO_MUCH', owedYuan: '120.00' });
    expect(e.message).toBe('More than the 120.00 yuan still owed');
  });

  it('withdrawing an unknown claim answers NOT_FOUND with the entity', async () => {
    const home = await makeOrganisation(regions.county.id);
    const finance = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    const res = await gql(
      `mutation($id: ID!) { withdrawSubsidyClaim(claimId: $id) { __typename ... on Error { code params { name value } message } } }`,
      { id: gid('SubsidyClaim', randomUUID()) },
      { token: finance.token },
    );
    const r = res.data?.withdrawSubsidyClaim;
    expect(r.code).toBe('NOT_FOUND');
    expect(params(r.params)).toEqual({ entity: 'SubsidyClaim' });
    expect(r.message).not.toMatch(CJK);
  });

  it('no service builds a Chinese-and-English sentence any more', async () => {
    const { execSync } = await import('node:child_process');
    // A throw whose argument holds Chinese then " / " then English is the old bilingual sentence.
    const out = execSync(`grep -rnP "new \\w+Error\\([\\x60'][^\\x60']*[\\x{4e00}-\\x{9fff}][^\\x60']* / " api/src || true`, {
      encoding: 'utf8',
    });
    expect(out).toBe('');
  });

  it('every reason and field code a service raises is in the English catalogue (so the portal words it too)', async () => {
    const { execSync } = await import('node:child_process');
    const { cataloguedCodes } = await import('../../api/src/graphql/error-messages.ts');
    // new ForbiddenError('CODE' …), new WrongStateError('CODE' …), InputValidationError.at([...], 'CODE' …)
    const raised = execSync(`grep -rhoE "((Forbidden|Conflict|WrongState)Error|\\.at)\\((\\[[^]]*\\], )?'[A-Z][A-Z0-9_]+'" api/src`, {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean)
      .map((hit) => hit.replace(/.*'([A-Z0-9_]+)'$/, '$1'));
    expect(raised.length).toBeGreaterThan(80);
    const catalogued = new Set(cataloguedCodes());
    expect([...new Set(raised)].filter((code) => !catalogued.has(code))).toEqual([]);
  });
});

describe('row rejections carry a code and parameters', () => {
  it('population import: REQUIRED-style codes, REGION_UNKNOWN with the code found, DUPLICATE_ROW', async () => {
    const analyst = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: regions.province.id });
    const csv = [
      '区划代码,年份,年龄段,口径,人数,来源',
      `${regions.county.code},2024,60+,常住,1000,统计公报`,
      `999999,2024,60+,常住,100,统计公报`,
      `${regions.county.code},2024,60+,常住,1000,统计公报`,
      `${regions.county.code},2024,70+,常住,1000,统计公报`,
    ].join('\n');
    const started = await gql(
      `mutation($input: ImportPopulationInput!) { importPopulationStats(input: $input) { __typename ... on MutationImportPopulationStatsSuccess { data { id jobId } } } }`,
      { input: { fileName: 'p.csv', contentBase64: Buffer.from(csv).toString('base64') } },
      { token: analyst.token },
    );
    const { id, jobId } = started.data!.importPopulationStats.data;
    await runStagedJob(jobId);
    const outcome = await gql(
      `query($id: ID!) { node(id: $id) { ... on PopulationImport { rejected { row field code params { name value } message } } } }`,
      { id },
      { token: analyst.token },
    );
    const rejected = outcome.data?.node.rejected as {
      row: number;
      field: string;
      code: string;
      params: { name: string; value: string }[];
    }[];
    expect(rejected.map((r) => [r.row, r.field, r.code])).toEqual([
      [3, 'regionCode', 'REGION_UNKNOWN'],
      [4, 'regionCode', 'DUPLICATE_ROW'],
      [5, 'ageBand', 'AGE_BAND_UNKNOWN'],
    ]);
    expect(params(rejected[0]!.params)).toEqual({ code: '999999' });
  });

  it('a population file without the needed columns: HEADER_MISSING naming the fields', async () => {
    const analyst = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: regions.province.id });
    const res = await gql(
      `mutation($input: ImportPopulationInput!) { importPopulationStats(input: $input) { __typename ... on InputValidationError { ${ISSUES} } } }`,
      { input: { fileName: 'p.csv', contentBase64: Buffer.from('区划代码,年份\n360000,2024').toString('base64') } },
      { token: analyst.token },
    );
    const [issue] = res.data!.importPopulationStats.fields;
    expect(issue.code).toBe('HEADER_MISSING');
    expect(params(issue.params).fields!.split(',')).toEqual(['ageBand', 'basis', 'count']);
  });

  it('attendance import: each rejected row keeps its code and parameters in the report', async () => {
    const provider = await makeOrganisation(regions.city.id, 'TRAINING_PROVIDER');
    const staff = await makeUser('TRAINING_PROVIDER_STAFF', { organisationId: provider.id });
    const viewer = {
      viewer: await validateSessionToken(staff.token),
      requestId: `test-${randomUUID()}`,
      clientIp: '127.0.0.1',
      userAgent: null,
    };
    const id = makeResidentId(regions.county.code);
    const csv = ['课程编号,课次,身份证号,姓名,学时', `NO-SUCH,1,${id},王芳,3`, `NO-SUCH,x,${id},王芳,3`].join('\n');
    const imp = await startRosterImport(viewer, {
      kind: 'ATTENDANCE',
      fileName: 'a.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
    });
    await runRosterImport(imp.id, { jobId: randomUUID(), reportProgress: async () => undefined, logger: console as never } as never);
    const stored = await prisma.rosterImport.findUniqueOrThrow({ where: { id: imp.id } });
    const report = stored.rejectedRows as { row: number; column: string; code: string; params: Record<string, unknown>; message: string }[];
    expect(report[0]).toMatchObject({ row: 2, column: '课程编号', code: 'COURSE_UNKNOWN', params: { code: 'NO-SUCH' } });
    expect(report[1]).toMatchObject({ row: 3, column: '课次', code: 'INVALID_TYPE' });
    for (const r of report) expect(r.message).not.toMatch(CJK);
  });
});

describe('the portal words every code the API words', () => {
  it('each code and reason of the English catalogue has Chinese and English words in the portal', async () => {
    const { cataloguedCodes } = await import('../../api/src/graphql/error-messages.ts');
    // The dictionaries are read as text: en is typed as having zh's keys, so a key in zh is in en too.
    const { readFileSync, readdirSync } = await import('node:fs');
    const dir = 'web/src/lib/i18n';
    const keys = new Set(
      readdirSync(dir).flatMap((f) => [...readFileSync(`${dir}/${f}`, 'utf8').matchAll(/^\t'([^']+)':/gm)].map((m) => m[1]!)),
    );
    const worded = (code: string) =>
      [`err.${code}`, `op.err.${code}`, `field.${code}`, `sub.error.${code}`, `dir.error.${code}`].some((k) => keys.has(k));
    expect(cataloguedCodes().length).toBeGreaterThan(150);
    // The conditions of eligibility rules: one wording either way, or one for met and one for unmet.
    const { conditionCodes } = await import('../../api/src/graphql/rule-messages.ts');
    const unworded = conditionCodes().filter((c) => !keys.has(`cond.${c}`) && !(keys.has(`cond.${c}.met`) && keys.has(`cond.${c}.unmet`)));
    expect(unworded).toEqual([]);
    const missing = cataloguedCodes().filter((code) => !worded(code));
    expect(missing).toEqual([]);
  });
});
