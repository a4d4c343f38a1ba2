import { randomInt, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { todayInChina } from '../../api/src/shared/china-time.ts';
import { prisma } from '../../api/src/db/client.ts';
import { mod11_2 } from '../../api/src/modules/certification/certificate-number.ts';
import { ensureSkillLevels, gid, makeCaregiver, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const DECIDE = `mutation($input: DecideAssessorInput!) { decideAssessorRegistration(input: $input) { __typename
  ... on MutationDecideAssessorRegistrationSuccess { data { status assessmentKind bodyCode provinceCode siteCode } }
  ... on InputValidationError { fields { path code } } ... on Error { code params { name value } } } }`;
const ISSUE = `mutation($id: ID!) { issueCertificates(sessionId: $id) { __typename ... on MutationIssueCertificatesSuccess { data } ... on Error { code } } }`;
const VERIFY = `query($input: VerifyCertificateInput!) { verifyCertificate(input: $input) { __typename
  ... on QueryVerifyCertificateSuccess { data { number levelCode status } }
  ... on InputValidationError { fields { path code } } } }`;
const site = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** An assessment body that asked the HR bureau to assess level 5, and the bureau's approver. */
async function applicant(regionId: string) {
  const org = await makeOrganisation(regionId, 'ASSESSOR');
  const staff = await makeUser('ASSESSOR', { organisationId: org.id });
  const applied = await gql(
    `mutation { applyAsAssessor(input: { levelCodes: ["L5"] }) { ... on MutationApplyAsAssessorSuccess { data { id } } } }`,
    {},
    { token: staff.token },
  );
  return { org, registrationId: applied.data?.applyAsAssessor.data.id as string };
}

describe('certificate numbers in the national format', () => {
  it('takes the body’s codes on approval, numbers certificates from them, one serial per site, year and level under concurrent issuing, and verifies typed-in and earlier numbers', async () => {
    const levels = await ensureSkillLevels();
    const regions = await makeRegionTree();
    const approver = await makeUser('HR_APPROVER', { regionId: regions.province.id });
    const provinceCode = regions.county.code.slice(0, 2);

    const body = await applicant(regions.county.id);
    const missing = await gql(DECIDE, { input: { registrationId: body.registrationId, approve: true } }, { token: approver.token });
    expect(missing.data?.decideAssessorRegistration.fields.map((f: { path: string[] }) => f.path.at(-1))).toEqual([
      'assessmentKind',
      'bodyCode',
      'siteCode',
    ]);
    const badCode = await gql(
      DECIDE,
      { input: { registrationId: body.registrationId, approve: true, assessmentKind: 'EMPLOYER', bodyCode: '12a4', siteCode: '1234567' } },
      { token: approver.token },
    );
    expect(badCode.data?.decideAssessorRegistration.fields.map((f: { path: string[] }) => f.path.at(-1))).toEqual(['bodyCode', 'siteCode']);
    const siteCode = site();
    const approved = await gql(
      DECIDE,
      { input: { registrationId: body.registrationId, approve: true, assessmentKind: 'EMPLOYER', bodyCode: '0000', siteCode } },
      { token: approver.token },
    );
    expect(approved.data?.decideAssessorRegistration.data).toEqual({
      status: 'APPROVED',
      assessmentKind: 'EMPLOYER',
      bodyCode: '0000',
      provinceCode,
      siteCode,
    });

    // The province gives each site its own serial: a second body cannot take the same one.
    const rival = await applicant(regions.county.id);
    const taken = await gql(
      DECIDE,
      { input: { registrationId: rival.registrationId, approve: true, assessmentKind: 'SOCIAL', bodyCode: '0000', siteCode } },
      { token: approver.token },
    );
    expect(taken.data?.decideAssessorRegistration).toMatchObject({ __typename: 'AssessorCodesTakenError', code: 'ASSESSOR_CODES_TAKEN' });

    // Two sittings of the body at level 5, publicity over, four who passed in each: issued at the same time.
    const yesterday = new Date(todayInChina().getTime() - 86_400_000);
    const sessions = [];
    for (let s = 0; s < 2; s++) {
      const session = await prisma.examSession.create({
        data: {
          assessorId: body.org.id,
          levelId: levels.get('L5')!,
          startsAt: new Date(Date.now() - 20 * 86_400_000),
          place: '考点',
          capacity: 10,
          seatsTaken: 4,
          feeFen: 18_000,
          status: 'PUBLICISED',
          publishedAt: new Date(Date.now() - 15 * 86_400_000),
          publicationEndsOn: yesterday,
        },
      });
      for (let i = 0; i < 4; i++) {
        const { caregiver } = await makeCaregiver(regions.county.id, regions.county.code);
        await prisma.levelApplication.create({
          data: {
            caregiverId: caregiver.id,
            sessionId: session.id,
            status: 'PASSED',
            eligibility: {},
            theoryScore: '80.00',
            practicalScore: '80.00',
          },
        });
      }
      sessions.push(session);
    }
    const staff = await makeUser('ASSESSOR', { organisationId: body.org.id });
    const issued = await Promise.all(sessions.map((s) => gql(ISSUE, { id: gid('ExamSession', s.id) }, { token: staff.token })));
    expect(issued.map((r) => r.data?.issueCertificates.data)).toEqual([4, 4]);

    const numbers = (await prisma.certificate.findMany({ where: { issuerId: body.org.id }, select: { number: true } }))
      .map((c) => c.number)
      .sort();
    const yy = String(todayInChina().getUTCFullYear() % 100).padStart(2, '0');
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `Y0000${provinceCode}${siteCode}${yy}5${String(n).padStart(6, '0')}`));

    // Typed from paper: groups separated by spaces, the letter in lower case.
    const holder = await prisma.certificate.findFirstOrThrow({ where: { number: numbers[0]! }, include: { caregiver: true } });
    const n = numbers[0]!;
    const typed = `${n.slice(0, 1).toLowerCase()} ${n.slice(1, 5)} ${n.slice(5, 7)} ${n.slice(7, 13)} ${n.slice(13, 15)} ${n.slice(15, 16)} ${n.slice(16)}`;
    const ip = () => `198.18.${randomInt(0, 250)}.${randomInt(0, 250)}`;
    expect(
      (await gql(VERIFY, { input: { number: typed, holderName: holder.caregiver.name } }, { ip: ip() })).data?.verifyCertificate.data,
    ).toEqual({ number: n, levelCode: 'L5', status: 'VALID' });
    const malformed = await gql(VERIFY, { input: { number: n.slice(0, 21), holderName: holder.caregiver.name } }, { ip: ip() });
    expect(malformed.data?.verifyCertificate.fields).toEqual([{ path: ['input', 'number'], code: 'CERTIFICATE_NUMBER_FORMAT' }]);

    // Numbers issued before the change keep working: CareCert's earlier 18-character form and a 16-digit 职业资格证书.
    const body17 = `${regions.county.code}245${String(randomInt(1, 99_999_999)).padStart(8, '0')}`;
    for (const earlier of [body17 + mod11_2(body17), String(randomInt(1, 10 ** 9)).padStart(16, '3')]) {
      const { caregiver } = await makeCaregiver(regions.county.id, regions.county.code, { name: `旧证${randomUUID().slice(0, 2)}` });
      await prisma.certificate.create({
        data: {
          number: earlier,
          caregiverId: caregiver.id,
          levelId: levels.get('L5')!,
          issuerId: body.org.id,
          issuedOn: new Date('2024-06-01'),
          source: 'IMPORT',
        },
      });
      const spaced = earlier.replace(/(\d{4})/g, '$1 ').toLowerCase();
      expect(
        (await gql(VERIFY, { input: { number: spaced, holderName: caregiver.name } }, { ip: ip() })).data?.verifyCertificate.data,
      ).toEqual({ number: earlier, levelCode: 'L5', status: 'VALID' });
    }
  });
});
