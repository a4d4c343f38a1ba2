import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { createApiToken } from '../../api/src/modules/auth/api-token.service.ts';
import { validateSessionToken } from '../../api/src/modules/auth/auth.service.ts';
import { isWellFormedCertificateNumber } from '../../api/src/modules/certification/certificate-number.ts';
import { issueCertificates, passes } from '../../api/src/modules/certification/certification.service.ts';
import { judgeEligibility } from '../../api/src/modules/certification/eligibility.ts';
import { englishCondition } from '../../api/src/graphql/rule-messages.ts';
import { SKILL_LEVELS } from '../../prisma/reference/skill-levels.ts';
import {
  approveAssessor,
  ensureSkillLevels,
  gid,
  makeCaregiver,
  makeEmployment,
  makeOrganisation,
  makeRegionTree,
  makeUser,
} from '../support/factories.ts';
import { gql, yoga } from '../support/graphql.ts';
import { isRevokedInList, verifyCredential } from '../../api/src/modules/certification/credential.ts';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const ranks = new Map(SKILL_LEVELS.map((l) => [l.code, l.rank]));
const level = (code: string) => {
  const l = SKILL_LEVELS.find((x) => x.code === code)!;
  return { code: l.code, nameZh: l.nameZh, nameEn: l.nameEn, entryRules: l.entryRules };
};

describe('eligibility explains itself', () => {
  it('says which rule is missing what: level 4 after level 5 with 1 year 4 months of work since', () => {
    const result = judgeEligibility(
      level('L4'),
      ranks,
      {
        education: 'JUNIOR',
        employments: [{ startDate: d('2023-01-01'), endDate: null }],
        certificates: [{ levelCode: 'L5', rank: 1, issuedOn: d('2025-07-01') }],
      },
      d('2026-11-01'),
    );
    expect(result.eligible).toBe(false);
    expect(result.rules.map((r) => [r.ruleId, r.met])).toEqual([
      ['l4.l5plus2y', false],
      ['l4.work4y', false],
      ['l4.diploma', false],
    ]);
    // Codes and parameters, no sentence: what the rule needs and what the person has.
    expect(result.rules[0]!.conditions).toEqual([
      { code: 'HOLDS_LEVEL', met: true, params: { level: 'L5' } },
      { code: 'WORK_AFTER_LEVEL', met: false, params: { level: 'L5', needMonths: 24, hasMonths: 16 } },
    ]);
    expect(result.rules[0]!.conditions.map(englishCondition).join('; ')).toBe(
      'holds L5 or above; needs 2 years of care work after L5, has 1 year 4 months',
    );
    expect(englishCondition(result.rules[1]!.conditions[0]!)).toBe('needs 4 years of care work in all, has 3 years 10 months');
  });

  it('counts overlapping jobs once and accepts any one met rule', () => {
    const result = judgeEligibility(
      level('L4'),
      ranks,
      {
        education: 'JUNIOR',
        employments: [
          { startDate: d('2020-01-01'), endDate: d('2022-12-31') },
          { startDate: d('2022-06-01'), endDate: null },
        ],
        certificates: [],
      },
      d('2024-01-01'),
    );
    expect(result.rules.find((r) => r.ruleId === 'l4.work4y')).toMatchObject({
      met: true,
      conditions: [{ code: 'WORK_YEARS', met: true, params: { needMonths: 48, hasMonths: 48 } }],
    });
    expect(result.eligible).toBe(true);
    expect(
      judgeEligibility(level('L4'), ranks, { education: 'COLLEGE', employments: [], certificates: [] }, d('2024-01-01')).eligible,
    ).toBe(true);
    const holder = judgeEligibility(
      level('L4'),
      ranks,
      { education: 'COLLEGE', employments: [], certificates: [{ levelCode: 'L3', rank: 3, issuedOn: d('2023-01-01') }] },
      d('2024-01-01'),
    );
    expect(holder).toEqual({
      eligible: false,
      levelCode: 'L4',
      rules: [{ ruleId: 'already-held', met: false, conditions: [{ code: 'ALREADY_HOLDS', met: false, params: { level: 'L3' } }] }],
    });
  });
});

describe('pass rule', () => {
  it('needs at least 60 on every part, the review only where the level has one', () => {
    expect(passes({ theory: 60, practical: 60 }, false)).toBe(true);
    expect(passes({ theory: 59.99, practical: 100 }, false)).toBe(false);
    expect(passes({ theory: 80, practical: 80, review: 59.5 }, true)).toBe(false);
    expect(passes({ theory: 80, practical: 80 }, true)).toBe(false);
  });
});

const APPLY = `mutation($input: ApplyForExamInput!) { applyForExam(input: $input) { __typename
  ... on MutationApplyForExamSuccess { data { id status } }
  ... on NotEligibleError { eligibility { rules { ruleId met en } } }
  ... on Error { code message } } }`;
const DECIDE = `mutation($input: DecideApplicationInput!) { decideLevelApplication(input: $input) { __typename ... on MutationDecideLevelApplicationSuccess { data { status } } ... on Error { code } } }`;
const SCORES = `mutation($input: RecordScoresInput!) { recordExamScores(input: $input) { __typename
  ... on MutationRecordExamScoresSuccess { data { status theoryScore practicalScore reviewScore } }
  ... on InputValidationError { fields { path message } } ... on Error { code message } } }`;
const VERIFY = `query($input: VerifyCertificateInput!) { verifyCertificate(input: $input) { __typename
  ... on QueryVerifyCertificateSuccess { data { holderMasked levelCode issuerName status } }
  ... on VerificationRateLimitedError { retryAfterSeconds }
  ... on InputValidationError { fields { path message } } } }`;

let w: Awaited<ReturnType<typeof world>>;
async function world() {
  const levels = await ensureSkillLevels();
  const regions = await makeRegionTree();
  const home = await makeOrganisation(regions.county.id);
  const assessorOrg = await makeOrganisation(regions.county.id, 'ASSESSOR');
  await approveAssessor(assessorOrg.id);
  const assessor = await makeUser('ASSESSOR', { organisationId: assessorOrg.id });
  const session = async (capacity = 30, code = 'L5') =>
    prisma.examSession.create({
      data: {
        assessorId: assessorOrg.id,
        levelId: levels.get(code)!,
        startsAt: new Date(Date.now() + 30 * 86_400_000),
        place: '上饶市考点',
        capacity,
        feeFen: 18_000,
      },
    });
  const candidate = async (name = `考生${randomUUID().slice(0, 3)}`, start = '2023-01-01') => {
    const { caregiver } = await makeCaregiver(regions.county.id, regions.county.code, { name });
    await makeEmployment(caregiver.id, home.id, start);
    const { token } = await makeUser('CAREGIVER', { caregiverId: caregiver.id });
    return { caregiver, token };
  };
  return { levels, regions, home, assessorOrg, assessor, session, candidate };
}

beforeAll(async () => {
  w = await world();
});

describe('applications', () => {
  it('refuses an ineligible caregiver with the explanation and a blacklisted one, and takes an eligible one', async () => {
    const session = await w.session();
    const newcomer = await w.candidate(undefined, new Date(Date.now() - 100 * 86_400_000).toISOString().slice(0, 10));
    const refused = await gql(APPLY, { input: { sessionId: gid('ExamSession', session.id) } }, { token: newcomer.token });
    expect(refused.data?.applyForExam.__typename).toBe('NotEligibleError');
    expect(refused.data?.applyForExam.eligibility.rules[0]).toMatchObject({ ruleId: 'l5.work1y', met: false });
    expect(refused.data?.applyForExam.eligibility.rules[0].en).toMatch(/^needs 1 year of care work in all, has \d months?$/);

    const banned = await w.candidate();
    const civil = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: w.regions.city.id });
    const ban = await gql(
      `mutation($input: AddBlacklistEntryInput!) { addBlacklistEntry(input: $input) { __typename } }`,
      {
        input: {
          caregiverId: gid('Caregiver', banned.caregiver.id),
          reason: '欺老虐老，经查属实',
          evidence: '民政稽查案卷 2026-01',
          startsOn: '2026-01-01',
        },
      },
      { token: civil.token },
    );
    expect(ban.data?.addBlacklistEntry.__typename).toBe('MutationAddBlacklistEntrySuccess');
    expect(
      (await gql(APPLY, { input: { sessionId: gid('ExamSession', session.id) } }, { token: banned.token })).data?.applyForExam.code,
    ).toBe('BLACKLISTED');

    const ok = await w.candidate();
    const applied = await gql(APPLY, { input: { sessionId: gid('ExamSession', session.id) } }, { token: ok.token });
    expect(applied.data?.applyForExam.data.status).toBe('SUBMITTED');
    expect((await gql(APPLY, { input: { sessionId: gid('ExamSession', session.id) } }, { token: ok.token })).data?.applyForExam.code).toBe(
      'WRONG_STATE',
    );
  });

  it('never seats more candidates than the session holds, under concurrent approvals', async () => {
    const session = await w.session(3);
    const people = await Promise.all(Array.from({ length: 8 }, () => w.candidate()));
    const applications = [];
    for (const p of people)
      applications.push(
        (await gql(APPLY, { input: { sessionId: gid('ExamSession', session.id) } }, { token: p.token })).data?.applyForExam.data.id,
      );
    const results = await Promise.all(
      applications.map((id) => gql(DECIDE, { input: { applicationId: id, approve: true } }, { token: w.assessor.token })),
    );
    const outcomes = results.map((r) => r.data?.decideLevelApplication.data?.status ?? r.data?.decideLevelApplication.code);
    expect(outcomes.filter((o) => o === 'SCHEDULED')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'SESSION_FULL')).toHaveLength(5);
    expect((await prisma.examSession.findUniqueOrThrow({ where: { id: session.id } })).seatsTaken).toBe(3);
  });
});

describe('results, publicity, certificates and public verification', () => {
  it('keeps scores exact, publicises, holds certificates for objections, issues once, verifies and revokes', async () => {
    const session = await w.session();
    const [pass, fail] = [await w.candidate('陈秀英'), await w.candidate()];
    const ids: string[] = [];
    for (const p of [pass, fail]) {
      const id = (await gql(APPLY, { input: { sessionId: gid('ExamSession', session.id) } }, { token: p.token })).data?.applyForExam.data
        .id;
      await gql(DECIDE, { input: { applicationId: id, approve: true } }, { token: w.assessor.token });
      ids.push(id);
    }
    // The sitting takes place: scores are taken only after it.
    await prisma.examSession.update({ where: { id: session.id }, data: { startsAt: new Date(Date.now() - 3_600_000) } });
    const passed = await gql(SCORES, { input: { applicationId: ids[0], theory: 60, practical: 88.5 } }, { token: w.assessor.token });
    expect(passed.data?.recordExamScores.data).toEqual({
      status: 'PASSED',
      theoryScore: '60.00',
      practicalScore: '88.50',
      reviewScore: null,
    });
    const failed = await gql(SCORES, { input: { applicationId: ids[1], theory: 59.5, practical: 90 } }, { token: w.assessor.token });
    expect(failed.data?.recordExamScores.data).toMatchObject({ status: 'FAILED', theoryScore: '59.50' });
    const bad = await gql(SCORES, { input: { applicationId: ids[1], theory: 100.5, practical: 60.125 } }, { token: w.assessor.token });
    expect(bad.data?.recordExamScores.fields.map((f: { path: string[] }) => f.path.join('.'))).toEqual(['input.theory', 'input.practical']);

    const published = await gql(
      `mutation($id: ID!) { publishExamResults(sessionId: $id) { ... on MutationPublishExamResultsSuccess { data { status publicationEndsOn } } } }`,
      { id: gid('ExamSession', session.id) },
      { token: w.assessor.token },
    );
    expect(published.data?.publishExamResults.data.status).toBe('PUBLICISED');
    const endsOn = d(published.data?.publishExamResults.data.publicationEndsOn);

    // Too early: the publicity period is still running.
    const early = await gql(
      `mutation($id: ID!) { issueCertificates(sessionId: $id) { __typename ... on Error { code } } }`,
      { id: gid('ExamSession', session.id) },
      { token: w.assessor.token },
    );
    expect(early.data?.issueCertificates.code).toBe('PUBLICITY_RUNNING');

    const objected = await gql(
      `mutation($input: ObjectionInput!) { lodgeExamObjection(input: $input) { __typename } }`,
      { input: { applicationId: ids[1], text: '实操评分与现场记录不符' } },
      { token: fail.token },
    );
    expect(objected.data?.lodgeExamObjection.__typename).toBe('MutationLodgeExamObjectionSuccess');
    const ctx = {
      viewer: {
        kind: 'user' as const,
        userId: w.assessor.user.id,
        sessionId: 's',
        username: 'a',
        displayName: 'a',
        caregiverId: null,
        authenticatedAt: new Date(),
        memberships: [{ role: 'ASSESSOR' as const, organisationId: w.assessorOrg.id, regionId: null, regionPath: null }],
      },
      requestId: 'test',
      clientIp: '127.0.0.1',
      userAgent: null,
    };
    const afterPublicity = new Date(endsOn.getTime() + 86_400_000);
    await expect(issueCertificates(ctx, session.id, afterPublicity)).rejects.toThrow(/objection/);
    await gql(
      `mutation($input: ResolveObjectionInput!) { resolveExamObjection(input: $input) { __typename } }`,
      { input: { applicationId: ids[1], reply: '经复核，原评分无误' } },
      { token: w.assessor.token },
    );

    const issued = await Promise.allSettled([
      issueCertificates(ctx, session.id, afterPublicity),
      issueCertificates(ctx, session.id, afterPublicity),
    ]);
    expect(issued.map((r) => (r.status === 'fulfilled' ? r.value : 'refused')).sort()).toEqual([1, 'refused']);
    const certificate = await prisma.certificate.findFirstOrThrow({ where: { caregiverId: pass.caregiver.id }, include: { level: true } });
    expect(await prisma.certificate.count({ where: { caregiverId: { in: [pass.caregiver.id, fail.caregiver.id] } } })).toBe(1);
    expect(isWellFormedCertificateNumber(certificate.number)).toBe(true);
    expect(certificate).toMatchObject({ source: 'EXAM', examFeeFen: 18_000, status: 'VALID' });

    const ip = `198.19.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const check = (holderName: string, number = certificate.number) => gql(VERIFY, { input: { number, holderName } }, { ip });
    expect((await check('陈秀英')).data?.verifyCertificate.data).toEqual({
      holderMasked: '陈*英',
      levelCode: 'L5',
      issuerName: w.assessorOrg.name,
      status: 'VALID',
    });
    expect((await check('王秀英')).data?.verifyCertificate).toBeNull();
    const typo = certificate.number.slice(0, 21);
    expect((await check('陈秀英', typo)).data?.verifyCertificate.fields[0].path).toEqual(['input', 'number']);

    const approver = await makeUser('HR_APPROVER', { regionId: w.regions.city.id });
    const revoked = await gql(
      `mutation($input: RevokeCertificateInput!) { revokeCertificate(input: $input) { ... on MutationRevokeCertificateSuccess { data { status revokedReason } } } }`,
      { input: { certificateId: gid('Certificate', certificate.id), reason: '伪造工作经历材料' } },
      { token: approver.token },
    );
    expect(revoked.data?.revokeCertificate.data).toEqual({ status: 'REVOKED', revokedReason: '伪造工作经历材料' });
    expect((await check('陈秀英')).data?.verifyCertificate.data.status).toBe('REVOKED');

    // 20 look-ups a minute per address, then a typed refusal with the wait.
    const results = [];
    for (let i = 0; i < 20; i++) results.push((await check('陈秀英')).data?.verifyCertificate.__typename);
    expect(results.filter((r) => r === 'VerificationRateLimitedError').length).toBeGreaterThan(0);
    expect(results.slice(-1)[0]).toBe('VerificationRateLimitedError');
  });
});

describe('first-aid certificates', () => {
  const RECORD = `mutation($input: RecordFirstAidInput!) { recordFirstAidCertificate(input: $input) { __typename
    ... on MutationRecordFirstAidCertificateSuccess { data { number valid expiresOn } }
    ... on InputValidationError { fields { path message } } ... on Error { code } } }`;

  it('are recorded by the employer with their expiry, and read by the holder', async () => {
    const person = await w.candidate();
    const staff = await makeUser('INSTITUTION_STAFF', { organisationId: w.home.id });
    const input = {
      caregiverId: gid('Caregiver', person.caregiver.id),
      number: `JX-${randomUUID().slice(0, 8)}`,
      issuer: '江西省红十字会',
      issuedOn: '2025-03-01',
      expiresOn: '2028-02-28',
    };
    expect((await gql(RECORD, { input }, { token: staff.token })).data?.recordFirstAidCertificate.data).toEqual({
      number: input.number,
      valid: true,
      expiresOn: '2028-02-28',
    });
    expect((await gql(RECORD, { input }, { token: staff.token })).data?.recordFirstAidCertificate.code).toBe('CONFLICT');
    const backwards = await gql(RECORD, { input: { ...input, number: 'X-1234', expiresOn: '2024-01-01' } }, { token: staff.token });
    expect(backwards.data?.recordFirstAidCertificate.fields).toEqual([
      { path: ['input', 'expiresOn'], message: 'must be after the issue date' },
    ]);
    const otherHome = await makeOrganisation(w.regions.otherCounty.id);
    const stranger = await makeUser('INSTITUTION_STAFF', { organisationId: otherHome.id });
    expect(
      (await gql(RECORD, { input: { ...input, number: 'X-5678' } }, { token: stranger.token })).data?.recordFirstAidCertificate.code,
    ).toBe('NOT_FOUND');
    const mine = await gql(`{ firstAidCertificates { number valid } }`, {}, { token: person.token });
    expect(mine.data?.firstAidCertificates).toEqual([{ number: input.number, valid: true }]);
  });
});

describe('employer look-up', () => {
  const LOOKUP = `query($input: EmployerLookupInput!) { employerLookup(input: $input) { __typename
    ... on QueryEmployerLookupSuccess { data { found certificates { levelNameEn } firstAidValidUntil blacklisted { reason until } } }
    ... on InputValidationError { fields { path message } } ... on Error { code } } }`;

  it('shows a consenting candidate’s valid certificates and blacklist entry, needs consent, and audits each look-up', async () => {
    const { caregiver, residentId } = await makeCaregiver(w.regions.county.id, w.regions.county.code, { name: '赵桂兰' });
    await prisma.certificate.create({
      data: {
        number: `T${randomUUID().replace(/-/g, '').slice(0, 17)}`,
        caregiverId: caregiver.id,
        levelId: w.levels.get('L5')!,
        issuerId: w.assessorOrg.id,
        issuedOn: d('2024-05-01'),
        source: 'EXAM',
      },
    });
    await prisma.certificate.create({
      data: {
        number: `T${randomUUID().replace(/-/g, '').slice(0, 17)}`,
        caregiverId: caregiver.id,
        levelId: w.levels.get('L4')!,
        issuerId: w.assessorOrg.id,
        issuedOn: d('2025-05-01'),
        source: 'EXAM',
        status: 'REVOKED',
        revokedAt: new Date(),
        revokedReason: '材料造假',
      },
    });
    const civil = await prisma.region.findUniqueOrThrow({ where: { id: w.regions.city.id } });
    const { user } = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: civil.id });
    await prisma.blacklistEntry.create({
      data: {
        caregiverId: caregiver.id,
        reason: '欺老虐老',
        startsOn: d('2026-01-01'),
        endsOn: d('2029-12-31'),
        issuerRegionId: civil.id,
        createdById: user.id,
      },
    });
    const hirer = await makeUser('INSTITUTION_STAFF', { organisationId: (await makeOrganisation(w.regions.otherCounty.id)).id });

    const res = await gql(LOOKUP, { input: { residentId, name: '赵桂兰', consent: true } }, { token: hirer.token });
    expect(res.data?.employerLookup.data).toEqual({
      found: true,
      certificates: [{ levelNameEn: 'Level 5 / Junior' }],
      firstAidValidUntil: null,
      blacklisted: { reason: '欺老虐老', until: '2029-12-31' },
    });
    expect(
      (await gql(LOOKUP, { input: { residentId, name: '赵桂芳', consent: true } }, { token: hirer.token })).data?.employerLookup.data,
    ).toEqual({ found: false, certificates: [], firstAidValidUntil: null, blacklisted: null });
    const noConsent = await gql(LOOKUP, { input: { residentId, name: '赵桂兰', consent: false } }, { token: hirer.token });
    expect(noConsent.data?.employerLookup.fields.map((f: { path: string[] }) => f.path.join('.'))).toEqual(['input.consent']);
    const audits = await prisma.auditLog.findMany({ where: { action: 'caregiver.employerLookup', actorUserId: hirer.user.id } });
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits.map((a) => a.after))).not.toContain(residentId);
    const caregiverToken = (await makeUser('CAREGIVER', { caregiverId: caregiver.id })).token;
    expect(
      (await gql(LOOKUP, { input: { residentId, name: '赵桂兰', consent: true } }, { token: caregiverToken })).data?.employerLookup.code,
    ).toBe('FORBIDDEN');
  });
});

describe('verifiable credentials', () => {
  it('signs an Open Badges 3.0 credential a third party verifies offline, and publishes revocation in the status list', async () => {
    const person = await w.candidate('孙美华');
    const cert = await prisma.certificate.create({
      data: {
        number: `T${randomUUID().replace(/-/g, '').slice(0, 17)}`,
        caregiverId: person.caregiver.id,
        levelId: w.levels.get('L5')!,
        issuerId: w.assessorOrg.id,
        issuedOn: d('2025-09-01'),
        source: 'EXAM',
      },
    });
    const jwt: string = (
      await gql(
        `query($id: ID!) { certificateCredential(certificateId: $id) }`,
        { id: gid('Certificate', cert.id) },
        { token: person.token },
      )
    ).data?.certificateCredential;
    const profile = (await (await yoga.fetch('http://carecert.test/.well-known/carecert-issuer.json')).json()) as {
      publicKeyJwk: Record<string, string>;
    };
    expect(profile.publicKeyJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(profile.publicKeyJwk).not.toHaveProperty('d');

    const credential = verifyCredential(jwt, profile.publicKeyJwk) as {
      type: string[];
      credentialSubject: { achievement: { id: string }; certificateNumber: string };
      credentialStatus: { statusListIndex: string };
    };
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.credentialSubject).toMatchObject({
      achievement: { id: 'urn:carecert:skill-level:L5' },
      certificateNumber: cert.number,
    });
    expect(JSON.stringify(credential)).not.toContain('孙美华');

    const [h, p, sig] = jwt.split('.');
    const forged = Buffer.from(Buffer.from(p!, 'base64url').toString().replace('L5', 'L1')).toString('base64url');
    expect(() => verifyCredential(`${h}.${forged}.${sig}`, profile.publicKeyJwk)).toThrow(/signature/);

    const index = Number(credential.credentialStatus.statusListIndex);
    const statusList = async () => {
      const list = verifyCredential(
        await (await yoga.fetch('http://carecert.test/credentials/status/revocation')).text(),
        profile.publicKeyJwk,
      ) as { credentialSubject: { encodedList: string } };
      return isRevokedInList(list.credentialSubject.encodedList, index);
    };
    expect(await statusList()).toBe(false);
    await prisma.certificate.update({
      where: { id: cert.id },
      data: { status: 'REVOKED', revokedAt: new Date(), revokedReason: '测试撤销' },
    });
    expect(await statusList()).toBe(true);

    const stranger = await w.candidate();
    expect(
      (
        await gql(
          `query($id: ID!) { certificateCredential(certificateId: $id) }`,
          { id: gid('Certificate', cert.id) },
          { token: stranger.token },
        )
      ).data?.certificateCredential,
    ).toBeNull();
  });
});

describe('assessment body registration', () => {
  it('lets a body hold exams only for the levels the HR bureau approved', async () => {
    const org = await makeOrganisation(w.regions.county.id, 'ASSESSOR');
    const staff = await makeUser('ASSESSOR', { organisationId: org.id });
    const approver = await makeUser('HR_APPROVER', { regionId: w.regions.city.id });
    const CREATE = `mutation($input: CreateExamSessionInput!) { createExamSession(input: $input) { __typename ... on Error { code } } }`;
    const session = (levelCode: string) => ({
      input: { levelCode, startsAt: new Date(Date.now() + 20 * 86_400_000).toISOString(), place: '县职教中心', capacity: 30, feeYuan: 180 },
    });
    expect((await gql(CREATE, session('L5'), { token: staff.token })).data?.createExamSession.code).toBe('FORBIDDEN');

    const applied = await gql(
      `mutation($input: ApplyAsAssessorInput!) { applyAsAssessor(input: $input) { __typename ... on MutationApplyAsAssessorSuccess { data { id status } } ... on InputValidationError { fields { message } } } }`,
      { input: { levelCodes: ['L5', 'L4'] } },
      { token: staff.token },
    );
    expect(applied.data?.applyAsAssessor.data.status).toBe('PENDING');
    const DECIDE_REG = `mutation($input: DecideAssessorInput!) { decideAssessorRegistration(input: $input) { __typename ... on MutationDecideAssessorRegistrationSuccess { data { status } } ... on InputValidationError { fields { path } } ... on Error { code } } }`;
    expect(
      (
        await gql(
          DECIDE_REG,
          { input: { registrationId: applied.data?.applyAsAssessor.data.id, approve: false } },
          { token: approver.token },
        )
      ).data?.decideAssessorRegistration.fields[0].path,
    ).toEqual(['input', 'reason']);
    const codes = { assessmentKind: 'SOCIAL', bodyCode: '0000', siteCode: String(Math.floor(Math.random() * 1e6)).padStart(6, '0') };
    expect(
      (
        await gql(
          DECIDE_REG,
          { input: { registrationId: applied.data?.applyAsAssessor.data.id, approve: true, ...codes } },
          { token: staff.token },
        )
      ).data?.decideAssessorRegistration.code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await gql(
          DECIDE_REG,
          { input: { registrationId: applied.data?.applyAsAssessor.data.id, approve: true, ...codes } },
          { token: approver.token },
        )
      ).data?.decideAssessorRegistration.data.status,
    ).toBe('APPROVED');

    expect((await gql(CREATE, session('L5'), { token: staff.token })).data?.createExamSession.__typename).toBe(
      'MutationCreateExamSessionSuccess',
    );
    expect((await gql(CREATE, session('L3'), { token: staff.token })).data?.createExamSession.code).toBe('FORBIDDEN');
  });
});

describe('certificates:read tokens', () => {
  it('list and read the certificates of their region only', async () => {
    const here = await makeRegionTree();
    const there = await makeRegionTree();
    const levels = await ensureSkillLevels();
    const issue = async (tree: typeof here) => {
      const assessor = await makeOrganisation(tree.city.id, 'ASSESSOR');
      const { caregiver } = await makeCaregiver(tree.county.id, tree.county.code);
      return prisma.certificate.create({
        data: {
          number: `R${randomUUID().replace(/-/g, '').slice(0, 17)}`,
          caregiverId: caregiver.id,
          levelId: levels.get('L5')!,
          issuerId: assessor.id,
          issuedOn: new Date('2025-05-01'),
          source: 'EXAM',
        },
      });
    };
    const [mine, theirs] = [await issue(here), await issue(there)];
    const admin = {
      viewer: await validateSessionToken((await makeUser('ADMIN')).token),
      requestId: 't',
      clientIp: '127.0.0.1',
      userAgent: null,
    };
    const { token } = await createApiToken(admin as Parameters<typeof createApiToken>[0], {
      name: `cert-${randomUUID()}`,
      scopes: ['certificates:read'],
      expiresInDays: 1,
      regionCode: here.city.code,
    });
    const listed = await gql(`{ certificates(first: 100) { edges { node { number } } } }`, {}, { token });
    const numbers = listed.data?.certificates.edges.map((e: { node: { number: string } }) => e.node.number);
    expect(numbers).toContain(mine.number);
    expect(numbers).not.toContain(theirs.number);
    const read = async (id: string) =>
      (await gql(`query($id: ID!) { node(id: $id) { ... on Certificate { number } } }`, { id: gid('Certificate', id) }, { token })).data
        ?.node;
    expect(await read(mine.id)).toEqual({ number: mine.number });
    expect(await read(theirs.id)).toBeNull();
  });
});
