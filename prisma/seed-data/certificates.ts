import type { Tx } from '../../api/src/db/client.ts';
import { certificatePrefix, formatCertificateNumber } from '../../api/src/modules/certification/certificate-number.ts';
import { judgeEligibility, type EntryRule } from '../../api/src/modules/certification/eligibility.ts';
import { addWorkingDays, holidayCalendar } from '../../api/src/shared/working-days.ts';
import type { SeedContext } from './domains.ts';
import { seededRandom } from './random.ts';

const CERTIFICATE_SEED = 2019;
// Its own stream, so the past exam session leaves the certificates above as they were.
const PAST_EXAM_SEED = 2609;
const ASSESSOR = '上饶市养老服务职业技能等级认定中心';
/** Exam fees in fen by level code (public practice in Jiangxi, 2024). */
const EXAM_FEE_FEN: Record<string, number> = { L5: 18_000, L4: 25_000, L3: 32_000, L2: 45_000, L1: 55_000 };
const DAY = 86_400_000;

const addMonths = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate()));
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * DAY);

/**
 * Level certificates that follow each person's working life: level 5 about a year into care work, then
 * level 4 and 3 for some after the waiting times of the standard; a few revoked for fraud. First-aid
 * certificates (three years' validity, some lapsed) for about half, and two blacklisted caregivers.
 */
export async function seedCertificates(tx: Tx, ctx: SeedContext): Promise<void> {
  const rnd = seededRandom(CERTIFICATE_SEED);
  const assessorId = ctx.organisationIds.get(ASSESSOR)!;
  const assessor = await tx.organisation.findUniqueOrThrow({ where: { id: assessorId }, select: { region: { select: { code: true } } } });
  const firstJobs = await tx.employment.groupBy({ by: ['caregiverId'], _min: { startDate: true } });
  const startOf = new Map(firstJobs.map((row) => [row.caregiverId, row._min.startDate!]));
  // A social assessment organisation registered with Jiangxi province; site 000101 as the province assigned it.
  const codes = { letter: 'S' as const, bodyCode: '0000', provinceCode: assessor.region.code.slice(0, 2), siteCode: '000101' };
  const serials = new Map<string, number>();
  const nextNumber = (issuedOn: Date, grade: number) => {
    const year = issuedOn.getUTCFullYear();
    const serial = (serials.get(`${year}:${grade}`) ?? 0) + 1;
    serials.set(`${year}:${grade}`, serial);
    return formatCertificateNumber({ ...codes, year, grade, serial });
  };

  type Row = { number: string; caregiverId: string; levelId: string; issuerId: string; issuedOn: Date; source: 'EXAM'; examFeeFen: number };
  const certificates: Row[] = [];
  const firstAid: { number: string; caregiverId: string; issuer: string; issuedOn: Date; expiresOn: Date }[] = [];
  const certified: string[] = [];

  ctx.caregiverIds.forEach((caregiverId, index) => {
    const start = startOf.get(caregiverId);
    if (!start) return;
    const issue = (code: string, grade: number, issuedOn: Date) =>
      certificates.push({
        number: nextNumber(issuedOn, grade),
        caregiverId,
        levelId: ctx.levelIds.get(code)!,
        issuerId: assessorId,
        issuedOn,
        source: 'EXAM',
        examFeeFen: EXAM_FEE_FEN[code]!,
      });
    // The demo caregiver holds level 5 and level 4, so her pages show a history and a next step.
    const demo = index === 0;
    let at = addDays(addMonths(start, 12), rnd.int(0, 180));
    if (at >= ctx.asOf || !(demo || rnd.chance(0.72))) return;
    issue('L5', 5, at);
    certified.push(caregiverId);
    at = addDays(addMonths(at, 24), rnd.int(0, 240));
    if (at >= ctx.asOf || !(demo || rnd.chance(0.5))) return;
    issue('L4', 4, at);
    at = addDays(addMonths(at, 48), rnd.int(0, 240));
    // She stops at level 4, so the demo shows her eligible for the level 3 exam.
    if (at >= ctx.asOf || !rnd.chance(0.45) || demo) return;
    issue('L3', 3, at);
  });

  certified.forEach((caregiverId, index) => {
    if (index !== 0 && !rnd.chance(0.55)) return;
    const issuedOn = addDays(addMonths(ctx.asOf, -rnd.int(2, 44)), rnd.int(0, 27));
    firstAid.push({
      number: `JX-HSH-${issuedOn.getUTCFullYear()}-${String(firstAid.length + 1).padStart(5, '0')}`,
      caregiverId,
      issuer: '江西省红十字会',
      issuedOn,
      expiresOn: addDays(addMonths(issuedOn, 36), -1),
    });
  });

  const created = await tx.certificate.createManyAndReturn({ data: certificates, select: { id: true, caregiverId: true } });
  // The counters continue after the seeded serials, so the first certificate issued in the app never repeats a number.
  await tx.certificateSequence.createMany({
    data: [...serials].map(([key, last]) => {
      const [year, grade] = key.split(':').map(Number);
      return { prefix: certificatePrefix(codes), year: year!, grade: grade!, next: last + 1 };
    }),
  });
  await tx.firstAidCertificate.createMany({ data: firstAid });

  // Two certificates obtained with forged work records, found and revoked by the HR bureau.
  const revoked = created.filter((c) => c.caregiverId !== ctx.caregiverIds[0]).slice(-2);
  const hrApprover = ctx.userIds.get('hr.approver')!;
  await tx.certificate.updateMany({
    where: { id: { in: revoked.map((c) => c.id) } },
    data: {
      status: 'REVOKED',
      revokedAt: addDays(ctx.asOf, -20),
      revokedReason: '伪造工作经历材料取得证书，依法撤销',
      revokedById: hrApprover,
    },
  });

  // The Shangrao centre is registered with the HR bureau for levels 5 to 1.
  await tx.assessorRegistration.create({
    data: {
      organisationId: assessorId,
      levelCodes: ['L5', 'L4', 'L3', 'L2', 'L1'],
      status: 'APPROVED',
      assessmentKind: 'SOCIAL',
      bodyCode: codes.bodyCode,
      provinceCode: codes.provinceCode,
      siteCode: codes.siteCode,
      note: '上饶市人社局2023年第一批职业技能等级认定机构备案',
      filingCode: `${codes.bodyCode}${codes.provinceCode}${codes.siteCode}`,
      decidedById: ctx.userIds.get('hr.approver')!,
      decidedAt: addDays(ctx.asOf, -600),
    },
  });

  // The next sittings at the Shangrao assessment centre, open for applications.
  const sitting = (days: number, hour: number) => new Date(ctx.asOf.getTime() + days * DAY + (hour - 8) * 3_600_000);
  await tx.examSession.createMany({
    data: [
      {
        assessorId,
        levelId: ctx.levelIds.get('L5')!,
        startsAt: sitting(41, 9),
        place: '上饶市养老服务职业技能等级认定中心考点（信州区紫阳大道）',
        capacity: 60,
        feeFen: EXAM_FEE_FEN.L5!,
        publicationDays: 5,
      },
      {
        assessorId,
        levelId: ctx.levelIds.get('L4')!,
        startsAt: sitting(48, 9),
        place: '上饶市养老服务职业技能等级认定中心考点（信州区紫阳大道）',
        capacity: 40,
        feeFen: EXAM_FEE_FEN.L4!,
        publicationDays: 5,
      },
      {
        assessorId,
        levelId: ctx.levelIds.get('L3')!,
        startsAt: sitting(62, 14),
        place: '上饶市社会福利院实训楼',
        capacity: 20,
        feeFen: EXAM_FEE_FEN.L3!,
        publicationDays: 7,
      },
    ],
  });

  const shangrao = ctx.regionIds.get('361100')!;
  const civil = ctx.userIds.get('civil')!;
  const [abuser, fraudster] = ctx.caregiverIds.slice(-12, -10);
  await tx.blacklistEntry.createMany({
    data: [
      {
        caregiverId: abuser!,
        reason: '欺老虐老：殴打失能老人，经调查属实',
        startsOn: addMonths(ctx.asOf, -5),
        endsOn: addMonths(ctx.asOf, 31),
        issuerRegionId: shangrao,
        createdById: civil,
      },
      {
        caregiverId: fraudster!,
        reason: '伪造考勤骗取岗位补贴',
        startsOn: addMonths(ctx.asOf, -26),
        endsOn: addMonths(ctx.asOf, -2),
        issuerRegionId: shangrao,
        createdById: civil,
      },
    ],
  });
  await seedPublicisedSession(tx, ctx, assessorId, sitting);
}

/**
 * A level 5 sitting held five weeks before AS_OF whose results were publicised for five working days,
 * ending before AS_OF with no objection: the state in which the assessor issues the certificates, so the
 * demo (and the browser test) can issue without waiting out a publicity period. Its candidates are
 * Shangrao care workers who were eligible when they applied; the demo caregiver and the competition's
 * entrants (every third of the same list, from the second) stay out, so their pages are unchanged.
 */
async function seedPublicisedSession(tx: Tx, ctx: SeedContext, assessorId: string, sitting: (days: number, hour: number) => Date) {
  const rnd = seededRandom(PAST_EXAM_SEED);
  const level = await tx.skillLevel.findUniqueOrThrow({ where: { code: 'L5' } });
  const ranks = new Map((await tx.skillLevel.findMany({ select: { code: true, rank: true } })).map((l) => [l.code, l.rank]));
  const shangrao = await tx.region.findUniqueOrThrow({ where: { id: ctx.regionIds.get('361100')! } });
  const banned = new Set(
    (await tx.blacklistEntry.findMany({ where: { caregiverId: { not: null } }, select: { caregiverId: true } })).map((b) => b.caregiverId!),
  );
  const employed = new Set(
    (
      await tx.employment.findMany({
        where: { endDate: null, post: 'CARE_WORKER', institution: { region: { path: { startsWith: shangrao.path } } } },
        select: { caregiverId: true },
      })
    ).map((e) => e.caregiverId),
  );
  const pool = ctx.caregiverIds.filter((id, index) => index > 0 && employed.has(id) && !banned.has(id)).filter((_, i) => i % 3 === 0);
  const people = await tx.caregiver.findMany({
    where: { id: { in: pool } },
    select: {
      id: true,
      education: true,
      employments: { where: { post: { in: ['CARE_WORKER', 'DIRECTOR'] } }, select: { startDate: true, endDate: true } },
      certificates: {
        where: { status: 'VALID' },
        select: { issuedOn: true, expiresOn: true, level: { select: { code: true, rank: true } } },
      },
    },
  });
  const byId = new Map(people.map((p) => [p.id, p]));

  const appliedOn = addDays(ctx.asOf, -62);
  const facts = { code: level.code, nameZh: level.nameZh, nameEn: level.nameEn, entryRules: level.entryRules as EntryRule[] };
  // Eligibility as the service judges it on the day they applied, kept on the application as the service keeps it.
  const candidates = pool
    .map((id) => {
      const p = byId.get(id)!;
      const certificates = p.certificates
        .filter((c) => c.expiresOn === null || c.expiresOn > appliedOn)
        .map((c) => ({ levelCode: c.level.code, rank: c.level.rank, issuedOn: c.issuedOn }));
      return {
        id,
        eligibility: judgeEligibility(facts, ranks, { education: p.education, employments: p.employments, certificates }, appliedOn),
      };
    })
    .filter((c) => c.eligibility.eligible)
    .slice(0, 6);
  if (candidates.length < 6) throw new Error(`seed: only ${candidates.length} eligible candidates for the publicised level 5 session`);

  const startsAt = sitting(-36, 9);
  const publishedAt = sitting(-18, 10);
  const session = await tx.examSession.create({
    data: {
      assessorId,
      levelId: level.id,
      startsAt,
      place: '上饶市养老服务职业技能等级认定中心考点（信州区紫阳大道）',
      capacity: 40,
      seatsTaken: candidates.length,
      feeFen: EXAM_FEE_FEN.L5!,
      status: 'PUBLICISED',
      publicationDays: 5,
      publishedAt,
      publicationEndsOn: addWorkingDays(addDays(ctx.asOf, -18), 5, await holidayCalendar(addDays(ctx.asOf, -18), 5, tx)),
      createdAt: addDays(ctx.asOf, -75),
    },
  });
  // Most pass; the last one falls short in the practical part, so the session also shows who gets nothing.
  const score = (min: number, max: number) => (rnd.int(min * 2, max * 2) / 2).toFixed(2);
  await tx.levelApplication.createMany({
    data: candidates.map((c, i) => {
      const failed = i === candidates.length - 1;
      const createdAt = new Date(appliedOn.getTime() + i * 3_600_000 + rnd.int(0, 50) * 60_000);
      return {
        caregiverId: c.id,
        sessionId: session.id,
        status: failed ? ('FAILED' as const) : ('PASSED' as const),
        eligibility: c.eligibility,
        theoryScore: score(62, 96),
        practicalScore: failed ? score(40, 58) : score(61, 97),
        createdAt,
        updatedAt: publishedAt,
      };
    }),
  });
}
