import type { Tx } from '../../api/src/db/client.ts';
import type { UserViewer } from '../../api/src/graphql/viewer.ts';
import {
  DEFAULT_AWARD_RULES,
  DEFAULT_PROMOTION_MINIMUMS,
  decimal4,
  hundredths,
  totalOf,
} from '../../api/src/modules/competitions/award-rules.ts';
import { approveResultsIn, rerank } from '../../api/src/modules/competitions/competitions.service.ts';
import type { SeedContext } from './domains.ts';

const ORGANISER = '上饶市人力资源和社会保障局';
const DAY = 86_400_000;
const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Final-round scores (theory, practical) in finishing order; the 6th and 7th tie exactly and share a rank. */
const SCORES: readonly [number, number][] = [
  [92.5, 97.0],
  [90.0, 95.5],
  [88.0, 95.0],
  [91.5, 92.0],
  [86.0, 92.5],
  [85.0, 91.0],
  [85.0, 91.0],
  [80.5, 90.0],
  [82.0, 88.5],
  [78.0, 88.0],
  [84.0, 84.5],
  [76.5, 83.0],
];

/**
 * The 2026 Shangrao city caregiver skills competition (上饶市养老护理员职业技能竞赛), approved by the HR
 * bureau with the default award rules: twelve care workers of Shangrao homes entered, so some now hold
 * competition certificates (and some already held the awarded level). The approval goes through the
 * competitions service, so titles, certificates and their numbers come about exactly as in the app.
 * Also one appeal against a blacklist entry, recorded by civil affairs and waiting for a decision.
 */
export async function seedCompetitions(tx: Tx, ctx: SeedContext): Promise<void> {
  const shangraoId = ctx.regionIds.get('361100')!;
  const shangrao = await tx.region.findUniqueOrThrow({ where: { id: shangraoId } });
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
  // Generator order, not ids (uuid v7 differ between runs): the same twelve people every time. The demo
  // caregiver (index 0) stays out, so her pages keep showing the level 3 exam as her next step.
  const entrants = ctx.caregiverIds
    .filter((id, index) => index > 0 && employed.has(id) && !banned.has(id))
    .filter((_, i) => i % 3 === 1)
    .slice(0, SCORES.length);
  if (entrants.length < SCORES.length) throw new Error(`seed: only ${entrants.length} Shangrao care workers for the competition`);

  const reviewer = ctx.userIds.get('hr.reviewer')!;
  const approver = ctx.userIds.get('hr.approver')!;
  const competition = await tx.competition.create({
    data: {
      name: '2026年上饶市养老护理员职业技能竞赛',
      tier: 'CITY',
      year: 2026,
      regionId: shangraoId,
      organiserId: ctx.organisationIds.get(ORGANISER)!,
      theoryWeight: 30,
      awardRules: [...DEFAULT_AWARD_RULES],
      minEntrantsForPromotion: DEFAULT_PROMOTION_MINIMUMS.CITY.entrants,
      minRoundsForPromotion: DEFAULT_PROMOTION_MINIMUMS.CITY.rounds,
      createdById: reviewer,
      rounds: {
        create: [
          { sequence: 1, name: '初赛（理论知识）', heldOn: utc('2026-09-18'), place: '上饶市康养职业培训学校' },
          { sequence: 2, name: '决赛（技能操作）', heldOn: utc('2026-10-16'), place: '上饶市社会福利院实训楼' },
        ],
      },
    },
  });
  await tx.competitionEntry.createMany({
    data: entrants.map((caregiverId, i) => {
      const [theory, practical] = SCORES[i]!;
      return {
        competitionId: competition.id,
        caregiverId,
        theoryScore: theory.toFixed(2),
        practicalScore: practical.toFixed(2),
        totalScore: decimal4(totalOf(hundredths(theory), hundredths(practical), competition.theoryWeight)),
        registeredById: reviewer,
        // Registration order, a second apart: tied entrants are then processed (and numbered) in the same order every run.
        createdAt: new Date(utc('2026-09-01').getTime() + i * 1000),
      };
    }),
  });
  await rerank(tx, competition.id);
  await tx.competition.update({
    where: { id: competition.id },
    data: { status: 'SUBMITTED', submittedById: reviewer, submittedAt: utc('2026-10-21') },
  });

  const viewer: UserViewer = {
    kind: 'user',
    userId: approver,
    sessionId: 'seed',
    username: 'hr.approver',
    displayName: '陈志强（上饶市人社局审批）',
    caregiverId: null,
    memberships: [{ role: 'HR_APPROVER', organisationId: null, regionId: shangraoId, regionPath: shangrao.path }],
    authenticatedAt: ctx.asOf,
  };
  const approvedOn = utc('2026-10-28');
  await approveResultsIn(tx, { viewer, requestId: 'seed' }, competition.id, approvedOn, new Date(approvedOn.getTime() + 10 * 3_600_000));

  // The person on the blacklist for elder abuse appealed in writing; civil affairs recorded it.
  const abuse = await tx.blacklistEntry.findFirstOrThrow({ where: { reason: { startsWith: '欺老虐老' }, issuerRegionId: shangraoId } });
  await tx.blacklistAppeal.create({
    data: {
      entryId: abuse.id,
      lodgedById: ctx.userIds.get('civil')!,
      onBehalfOf: '当事人本人（书面申诉，民政局代为登记）',
      grounds: '事发当日本人不在该护理区当班，有排班表和同事证言为证，请求复查监控录像并撤销失信记录。',
      lodgedAt: new Date(ctx.asOf.getTime() - 9 * DAY + 2 * 3_600_000),
    },
  });
}
