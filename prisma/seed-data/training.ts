import type { Tx } from '../../api/src/db/client.ts';
import { protectPhone } from '../../api/src/modules/caregivers/phone.ts';
import { protectResidentId, residentIdCheckChar } from '../../api/src/modules/caregivers/resident-id.ts';
import { repaymentFor } from '../../api/src/modules/directed-training/repayment.ts';
import type { SeedContext } from './domains.ts';
import { FEMALE_GIVEN, MALE_GIVEN, SURNAMES } from './people.ts';
import { seededRandom, type Random } from './random.ts';

const TRAINING_SEED = 73;
const COLLEGE = '江西医学高等专科学校';
const PROVIDER = '上饶市康养职业培训学校';
const SHANGRAO_COUNTIES = [
  '361102',
  '361103',
  '361104',
  '361123',
  '361124',
  '361125',
  '361126',
  '361127',
  '361128',
  '361129',
  '361130',
  '361181',
];
const HOMES = ['上饶市社会福利院', '广丰区颐康养老中心', '鄱阳县中心敬老院', '婺源县康乐颐养院', '余干县福寿养老院'];
const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
const monthStart = (d: Date, shift = 0) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + shift, 1));

/** The three cohorts of S0 (Shangrao commissioned the college for 2023-2025; 73 students entered). */
const COHORTS = [
  { year: 2023, students: 24, quota: 30 },
  { year: 2024, students: 25, quota: 30 },
  { year: 2025, students: 24, quota: 30 },
];

function studentIdNumber(rnd: Random, birthYear: number, female: boolean): string {
  const birth = `${birthYear}${String(rnd.int(1, 12)).padStart(2, '0')}${String(rnd.int(1, 28)).padStart(2, '0')}`;
  const first17 = `${rnd.pick(SHANGRAO_COUNTIES)}${birth}${rnd.digits(2)}${(female ? 0 : 1) + 2 * rnd.int(0, 4)}`;
  return first17 + residentIdCheckChar(first17);
}

/**
 * Training as the seeds describe it: Jiangxi Medical College's directed classes for Shangrao, 2023 to
 * 2025, 73 students; the 2023 cohort graduated this summer, most placed in Shangrao homes and serving
 * (insured months since July), one 2024 student dropped out and is repaying; and a term of courses at
 * the Shangrao provider, past, running and open, with places, a waitlist and results.
 */
export async function seedTraining(tx: Tx, ctx: SeedContext): Promise<void> {
  const rnd = seededRandom(TRAINING_SEED);
  const city = ctx.regionIds.get('361100')!;
  const collegeId = ctx.organisationIds.get(COLLEGE)!;
  const providerId = ctx.organisationIds.get(PROVIDER)!;
  const collegeUser = ctx.userIds.get('college') ?? null;
  const usedIds = new Set<string>();

  for (const cohort of COHORTS) {
    const cls = await tx.directedClass.create({
      data: {
        collegeId,
        cohortYear: cohort.year,
        major: '智慧健康养老服务与管理',
        name: `${cohort.year}级上饶定向班`,
        quota: cohort.quota,
        studentCount: cohort.students,
        sponsorRegionId: city,
        sponsorName: '上饶市民政局',
        serviceYears: 5,
        programmeYears: 3,
        tuitionFenPerYear: 580000,
        lodgingFenPerYear: 120000,
        allowanceFenPerYear: 300000,
        penaltyPercent: 50,
      },
    });
    const enrolledOn = day(cohort.year, 9, 1);
    for (let i = 1; i <= cohort.students; i++) {
      const female = rnd.chance(0.8);
      let residentId = studentIdNumber(rnd, cohort.year - 18 - rnd.int(0, 1), female);
      while (usedIds.has(residentId)) residentId = studentIdNumber(rnd, cohort.year - 18, female);
      usedIds.add(residentId);
      const person = await tx.caregiver.create({
        data: {
          name: `${rnd.pick(SURNAMES)}${rnd.pick(female ? FEMALE_GIVEN : MALE_GIVEN)}`,
          ...protectResidentId(residentId),
          gender: female ? 'FEMALE' : 'MALE',
          birthDate: day(Number(residentId.slice(6, 10)), Number(residentId.slice(10, 12)), Number(residentId.slice(12, 14))),
          ...protectPhone(`1${rnd.pick(['39', '58', '87', '77'])}${rnd.digits(8)}`),
          education: 'SENIOR',
          regionId: ctx.regionIds.get(residentId.slice(0, 6)) ?? city,
        },
      });
      const studentNo = `${String(cohort.year).slice(2)}${String(i).padStart(3, '0')}`;
      const agreement = { agreementNo: `SRDX-${cohort.year}-${String(i).padStart(3, '0')}`, agreementSignedOn: addDays(enrolledOn, 3) };
      const student = await tx.directedStudent.create({
        data: { classId: cls.id, caregiverId: person.id, studentNo, enrolledOn, ...agreement },
      });
      if (cohort.year === 2023) {
        const graduatedOn = day(2026, 6, 30);
        // Two graduates are still waiting for a placement; the rest serve in Shangrao homes since July.
        if (i > cohort.students - 2) {
          await tx.directedStudent.update({ where: { id: student.id }, data: { status: 'GRADUATED', graduatedOn } });
          continue;
        }
        const home = ctx.organisationIds.get(HOMES[i % HOMES.length]!)!;
        const startDate = day(2026, 7, 1);
        const employment = await tx.employment.create({
          data: {
            caregiverId: person.id,
            institutionId: home,
            post: 'CARE_WORKER',
            contractType: 'LABOUR',
            fullTime: true,
            startDate,
            contractEndsOn: day(2031, 6, 30),
          },
        });
        const months: Date[] = [];
        for (let m = monthStart(startDate); m < monthStart(ctx.asOf); m = monthStart(m, 1)) months.push(m);
        await tx.employmentMonth.createMany({
          data: months.map((month) => ({ employmentId: employment.id, month, socialInsurancePaid: true, attendanceDays: rnd.int(20, 23) })),
        });
        await tx.directedStudent.update({
          where: { id: student.id },
          data: {
            status: months.length ? 'SERVING' : 'PLACED',
            graduatedOn,
            placementId: employment.id,
            servedMonths: months.length,
            serviceCountedAt: ctx.asOf,
          },
        });
      } else if (cohort.year === 2024 && i === 7) {
        // The one breach: a 2024 student left the programme in the spring of her second year.
        const occurredOn = day(2026, 3, 15);
        const due = repaymentFor(
          { programmeYears: 3, tuitionFenPerYear: 580000, lodgingFenPerYear: 120000, allowanceFenPerYear: 300000, penaltyPercent: 50 },
          { enrolledOn, graduatedOn: null },
          'DROPPED_OUT',
          occurredOn,
        );
        await tx.directedStudent.update({ where: { id: student.id }, data: { status: 'BREACHED' } });
        const breach = await tx.directedBreach.create({
          data: {
            studentId: student.id,
            kind: 'DROPPED_OUT',
            occurredOn,
            note: '本人申请退学，转读其他专业',
            supportReceivedFen: due.supportReceivedFen,
            penaltyPercent: 50,
            amountDueFen: due.amountDueFen,
            repaidFen: 500000,
            recordedById: collegeUser,
          },
        });
        await tx.repayment.create({
          data: {
            breachId: breach.id,
            amountFen: 500000,
            paidOn: day(2026, 5, 20),
            reference: 'SR-HK-2026-0031',
            recordedById: collegeUser,
          },
        });
      }
    }
  }

  await seedCourses(tx, ctx, rnd, providerId);
}

type CourseSpec = {
  code: string;
  title: string;
  kind: 'PRE_JOB' | 'SKILL_UPGRADE' | 'FAMILY_CARER' | 'FIRST_AID' | 'DIRECTOR';
  level?: string;
  hours: number;
  capacity: number;
  feeFen: number;
  funded: boolean;
  startsOn: Date;
  sessions: number;
  place: string;
  enrol: number;
  outcome?: 'done' | 'running';
};

async function seedCourses(tx: Tx, ctx: SeedContext, rnd: Random, providerId: string) {
  const city = ctx.regionIds.get('361100')!;
  const y = ctx.asOf.getUTCFullYear();
  const specs: CourseSpec[] = [
    {
      code: `SR-${y}-PJ03`,
      title: '养老护理员岗前培训（第三期）',
      kind: 'PRE_JOB',
      hours: 24,
      capacity: 40,
      feeFen: 0,
      funded: true,
      startsOn: day(y, 9, 7),
      sessions: 8,
      place: '上饶市康养职业培训学校（信州区）',
      enrol: 32,
      outcome: 'done',
    },
    {
      code: `SR-${y}-SU02`,
      title: '养老护理员（五级）技能提升班',
      kind: 'SKILL_UPGRADE',
      level: 'L5',
      hours: 30,
      capacity: 30,
      feeFen: 0,
      funded: true,
      startsOn: monthStart(ctx.asOf, -1),
      sessions: 10,
      place: '上饶市社会福利院培训室',
      enrol: 26,
      outcome: 'running',
    },
    {
      code: `SR-${y + 1}-FC01`,
      title: '失能老年人家庭照护者培训',
      kind: 'FAMILY_CARER',
      hours: 12,
      capacity: 50,
      feeFen: 0,
      funded: true,
      startsOn: day(y + 1, 1, 12),
      sessions: 4,
      place: '信州区水南街道社区服务中心',
      enrol: 8,
    },
    {
      code: `SR-${y + 1}-FA01`,
      title: '救护员（红十字）培训',
      kind: 'FIRST_AID',
      hours: 16,
      capacity: 40,
      feeFen: 30000,
      funded: false,
      startsOn: day(y + 1, 2, 23),
      sessions: 4,
      place: '上饶市红十字会培训基地',
      enrol: 12,
    },
    {
      code: `SR-${y + 1}-SU01`,
      title: '养老护理员（四级）技能提升班',
      kind: 'SKILL_UPGRADE',
      level: 'L4',
      hours: 40,
      capacity: 20,
      feeFen: 0,
      funded: true,
      startsOn: day(y + 1, 3, 2),
      sessions: 10,
      place: '上饶市康养职业培训学校（信州区）',
      enrol: 23,
    },
    {
      code: `SR-${y + 1}-DR01`,
      title: '养老机构院长培训',
      kind: 'DIRECTOR',
      hours: 32,
      capacity: 25,
      feeFen: 80000,
      funded: false,
      startsOn: day(y + 1, 4, 13),
      sessions: 8,
      place: '江西省民政厅培训中心（南昌）',
      enrol: 0,
    },
  ];
  const levels = ctx.levelIds;
  // Care workers of the city (the demo caregiver left out, so the demo shows an empty slate to enrol in).
  const people = await tx.caregiver.findMany({
    where: {
      familyCarer: false,
      id: { not: ctx.caregiverIds[0] },
      employments: {
        some: {
          endDate: null,
          institution: { region: { path: { startsWith: (await tx.region.findUniqueOrThrow({ where: { id: city } })).path } } },
        },
      },
    },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const familyCarers = await tx.caregiver.findMany({ where: { familyCarer: true }, select: { id: true }, orderBy: { id: 'asc' } });
  let queueNo = 0n;
  const usedFundedYear = new Set<string>();
  for (const spec of specs) {
    const endsOn = addDays(spec.startsOn, spec.sessions * 3);
    const perSession = spec.hours / spec.sessions;
    const course = await tx.course.create({
      data: {
        providerId,
        code: spec.code,
        regionId: city,
        kind: spec.kind,
        status: 'PUBLISHED',
        title: spec.title,
        targetLevelId: spec.level ? levels.get(spec.level)! : null,
        requiredHours: spec.hours,
        capacity: spec.capacity,
        feeFen: spec.feeFen,
        governmentFunded: spec.funded,
        place: spec.place,
        startsOn: spec.startsOn,
        endsOn,
        publishedAt: addDays(spec.startsOn, -30),
        description: `${spec.title}：理论与实操结合，共 ${spec.hours} 学时；${spec.funded ? '政府补贴，学员免费' : `学费 ${spec.feeFen / 100} 元`}。`,
        sessions: {
          create: Array.from({ length: spec.sessions }, (_, i) => {
            const start = new Date(addDays(spec.startsOn, i * 3).getTime() + 1 * 3_600_000);
            return {
              seq: i + 1,
              topic: [
                '职业道德与法规',
                '生活照料',
                '基础照护',
                '康复服务',
                '心理支持',
                '失智照护',
                '安全与急救',
                '沟通技巧',
                '感染防控',
                '实操考核',
              ][i % 10]!,
              startsAt: start,
              endsAt: new Date(start.getTime() + perSession * 3_600_000),
              place: spec.place,
              hours: perSession,
            };
          }),
        },
      },
      include: { sessions: { orderBy: { seq: 'asc' } } },
    });
    const pool = spec.kind === 'FAMILY_CARER' ? familyCarers : people;
    const chosen = pool
      .filter((p) => !spec.funded || !usedFundedYear.has(`${p.id}/${spec.startsOn.getUTCFullYear()}`))
      .slice(0, spec.enrol);
    let seats = 0;
    for (const [i, person] of chosen.entries()) {
      const seat = seats < spec.capacity;
      if (seat) seats++;
      // A waitlist place does not take the year's government-funded training; a seat does.
      const fundedYear = spec.funded && seat ? spec.startsOn.getUTCFullYear() : null;
      if (fundedYear) usedFundedYear.add(`${person.id}/${fundedYear}`);
      queueNo++;
      const base = {
        courseId: course.id,
        caregiverId: person.id,
        queueNo,
        fundedYear,
        enrolledAt: seat ? addDays(spec.startsOn, -20 + (i % 10)) : null,
      };
      if (!seat) {
        await tx.enrolment.create({ data: { ...base, status: 'WAITLISTED' } });
        continue;
      }
      const attendedSessions =
        spec.outcome === 'done' ? course.sessions : spec.outcome === 'running' ? course.sessions.filter((s) => s.startsAt < ctx.asOf) : [];
      const missed = i % 9 === 4 ? 2 : 0;
      const attended = attendedSessions.slice(0, Math.max(0, attendedSessions.length - missed));
      const hours = attended.length * perSession;
      let status: 'ENROLLED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' = attended.length ? 'IN_PROGRESS' : 'ENROLLED';
      let score: number | null = null;
      let completedOn: Date | null = null;
      let outcomeNote: string | null = null;
      if (spec.outcome === 'done') {
        score = Math.round((rnd.int(52, 97) + rnd.int(0, 99) / 100) * 100) / 100;
        const passed = hours >= spec.hours && score >= 60;
        status = passed ? 'COMPLETED' : 'FAILED';
        completedOn = passed ? endsOn : null;
        outcomeNote = passed
          ? null
          : [
              hours < spec.hours ? `学时 ${hours}/${spec.hours} / hours ${hours} of ${spec.hours}` : '',
              score < 60 ? `成绩 ${score.toFixed(2)} 低于 60 / score ${score.toFixed(2)} below 60` : '',
            ]
              .filter(Boolean)
              .join('；');
      }
      const enrolment = await tx.enrolment.create({ data: { ...base, status, attendedHours: hours, score, completedOn, outcomeNote } });
      if (attended.length)
        await tx.attendance.createMany({
          data: attended.map((s) => ({
            enrolmentId: enrolment.id,
            sessionId: s.id,
            hours: perSession,
            recordedById: ctx.userIds.get('provider') ?? null,
            recordedAt: s.endsAt,
          })),
        });
    }
    await tx.course.update({ where: { id: course.id }, data: { seatsTaken: seats } });
  }
  // New applications continue the sequence after the seeded queue.
  await tx.$executeRawUnsafe(`SELECT setval(pg_get_serial_sequence('"Enrolment"', 'queueNo'), ${queueNo + 1n}, false)`);
}
