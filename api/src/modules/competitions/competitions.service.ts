import { todayInChina } from '../../shared/china-time.ts';
import { prisma, type Tx } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, InputValidationError, NotFoundError, WrongStateError } from '../../graphql/errors.ts';
import { membershipsWith } from '../../graphql/viewer.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { caregiverWhereFor } from '../caregivers/caregivers.access.ts';
import { activeBlacklistEntry } from '../blacklist/blacklist.service.ts';
import { BlacklistedError } from '../blacklist/blacklist.errors.ts';
import { highestValidLevel, issueCertificate } from '../certification/certification.service.ts';
import {
  awardFor,
  decimal4,
  DEFAULT_AWARD_RULES,
  DEFAULT_PROMOTION_MINIMUMS,
  hundredths,
  levelCodesOf,
  rankEntries,
  totalOf,
  type AwardRule,
} from './award-rules.ts';
import { holdsRoleFor } from '../../shared/access.ts';
import { AlreadyEnteredError, SameApproverError } from './competitions.errors.ts';
import type {
  TAddRoundInput,
  TCompetitionScoresInput,
  TCreateCompetitionInput,
  TRegisterEntryInput,
  TReturnResultsInput,
} from './competitions.schemas.ts';

/** HR staff run competitions; the approver role alone approves or returns results. */
const RUNNERS = ['HR_REVIEWER', 'HR_APPROVER'] as const;
type Actor = Pick<Context, 'viewer' | 'requestId'>;

const userIdOf = (ctx: Actor) => {
  if (ctx.viewer?.kind !== 'user') throw new ForbiddenError();
  return ctx.viewer.userId;
};

/**
 * The competition, locked for the rest of the transaction: score entry, submission and approval of one
 * competition run one after another, so ranks are computed over a stable set and approval happens once.
 * A competition outside the viewer's region reads as absent.
 */
async function lockedCompetition(tx: Tx, ctx: Actor, competitionId: string, roles: ('HR_REVIEWER' | 'HR_APPROVER')[] = [...RUNNERS]) {
  await tx.$executeRaw`SELECT 1 FROM "Competition" WHERE id = ${competitionId}::uuid FOR UPDATE`;
  const competition = await tx.competition.findUnique({
    where: { id: competitionId },
    include: { region: true, organiser: { include: { region: true } } },
  });
  if (!competition || !holdsRoleFor(ctx.viewer, [...roles], competition.region.path)) throw new NotFoundError('Competition');
  return competition;
}

const requireDraft = (status: string) => {
  if (status !== 'DRAFT') throw new WrongStateError('成绩已提交，不能再修改 / Results are submitted: entries and scores are closed');
};

/** Level facts by code, for award rules and certificates. */
async function levelsByCode(db: Pick<Tx, 'skillLevel'>) {
  const levels = await db.skillLevel.findMany({ where: { active: true }, select: { id: true, code: true, rank: true, grade: true } });
  return new Map(levels.map((l) => [l.code, l]));
}

export async function createCompetition(ctx: Context, input: TCreateCompetitionInput) {
  const userId = userIdOf(ctx);
  const own = membershipsWith(ctx.viewer, ...RUNNERS, 'ADMIN').find((m) => m.regionId);
  const regionId = input.regionId ?? own?.regionId;
  if (!regionId) throw InputValidationError.field(['input', 'regionId'], 'choose the region whose bureau runs the competition');
  const region = await prisma.region.findUnique({ where: { id: regionId } });
  if (!region || !holdsRoleFor(ctx.viewer, [...RUNNERS], region.path))
    throw InputValidationError.field(['input', 'regionId'], 'must be your bureau’s region or within it');
  const organiser = await prisma.organisation.findUnique({ where: { id: input.organiserId } });
  if (!organiser || organiser.kind !== 'BUREAU' || organiser.regionId !== region.id) {
    throw InputValidationError.field(['input', 'organiserId'], 'must be a bureau of the competition’s region (it issues the certificates)');
  }
  const rules: AwardRule[] = (input.awardRules as AwardRule[] | null | undefined) ?? [...DEFAULT_AWARD_RULES];
  const levels = await levelsByCode(prisma);
  const unknown = levelCodesOf(rules).filter((code) => !levels.has(code));
  if (unknown.length) throw InputValidationError.field(['input', 'awardRules'], `unknown skill level(s): ${unknown.join(', ')}`);
  return prisma.$transaction(async (tx) => {
    const competition = await tx.competition.create({
      data: {
        name: input.name,
        tier: input.tier,
        year: input.year,
        regionId: region.id,
        organiserId: organiser.id,
        theoryWeight: input.theoryWeight,
        awardRules: rules as Prisma.InputJsonValue,
        minEntrantsForPromotion: input.minEntrantsForPromotion ?? DEFAULT_PROMOTION_MINIMUMS[input.tier].entrants,
        minRoundsForPromotion: input.minRoundsForPromotion ?? DEFAULT_PROMOTION_MINIMUMS[input.tier].rounds,
        createdById: userId,
      },
    });
    await recordAudit(tx, ctx, { action: 'competition.create', entityType: 'Competition', entityId: competition.id, after: competition });
    return competition;
  });
}

export async function addCompetitionRound(ctx: Context, input: TAddRoundInput) {
  return prisma.$transaction(async (tx) => {
    const competition = await lockedCompetition(tx, ctx, input.competitionId);
    requireDraft(competition.status);
    const last = await tx.competitionRound.aggregate({ where: { competitionId: competition.id }, _max: { sequence: true } });
    const round = await tx.competitionRound.create({
      data: {
        competitionId: competition.id,
        sequence: (last._max.sequence ?? 0) + 1,
        name: input.name,
        heldOn: input.heldOn,
        place: input.place ?? null,
      },
    });
    await recordAudit(tx, ctx, { action: 'competition.addRound', entityType: 'CompetitionRound', entityId: round.id, after: round });
    return tx.competition.findUniqueOrThrow({ where: { id: competition.id } });
  });
}

/** Registers a caregiver the viewer may see; a person on the blacklist today may not enter. */
export async function registerCompetitionEntry(ctx: Context, input: TRegisterEntryInput) {
  const userId = userIdOf(ctx);
  const caregiver = await prisma.caregiver.findFirst({
    where: { AND: [{ id: input.caregiverId }, caregiverWhereFor(ctx.viewer)] },
    select: { id: true },
  });
  if (!caregiver) throw new NotFoundError('Caregiver');
  const banned = await activeBlacklistEntry({ caregiverId: caregiver.id }, todayInChina());
  if (banned) throw new BlacklistedError(banned.endsOn);
  return prisma.$transaction(async (tx) => {
    const competition = await lockedCompetition(tx, ctx, input.competitionId);
    requireDraft(competition.status);
    if (
      await tx.competitionEntry.findUnique({
        where: { competitionId_caregiverId: { competitionId: competition.id, caregiverId: caregiver.id } },
        select: { id: true },
      })
    )
      throw new AlreadyEnteredError();
    const entry = await tx.competitionEntry.create({
      data: { competitionId: competition.id, caregiverId: caregiver.id, registeredById: userId },
    });
    await recordAudit(tx, ctx, {
      action: 'competition.register',
      entityType: 'CompetitionEntry',
      entityId: entry.id,
      after: { competitionId: competition.id, caregiverId: caregiver.id },
    });
    return entry;
  });
}

/** Recomputes every scored entry's rank (unscored entries have none) in the caller's transaction. */
export async function rerank(tx: Tx, competitionId: string) {
  const entries = await tx.competitionEntry.findMany({
    where: { competitionId },
    select: { id: true, theoryScore: true, practicalScore: true, totalScore: true, rank: true },
  });
  const scored = entries.flatMap((e) =>
    e.totalScore && e.theoryScore && e.practicalScore
      ? [
          {
            id: e.id,
            total: Math.round(Number(e.totalScore.toFixed(4)) * 10_000),
            practical: hundredths(e.practicalScore.toFixed(2)),
            theory: hundredths(e.theoryScore.toFixed(2)),
          },
        ]
      : [],
  );
  const ranks = rankEntries(scored);
  for (const entry of entries) {
    const rank = ranks.get(entry.id) ?? null;
    if (rank !== entry.rank) await tx.competitionEntry.update({ where: { id: entry.id }, data: { rank } });
  }
}

/** Records an entrant's scores exactly; the weighted total and every rank follow at once. */
export async function recordCompetitionScores(ctx: Context, input: TCompetitionScoresInput) {
  return prisma.$transaction(async (tx) => {
    const found = await tx.competitionEntry.findUnique({ where: { id: input.entryId }, select: { competitionId: true } });
    if (!found) throw new NotFoundError('CompetitionEntry');
    const competition = await lockedCompetition(tx, ctx, found.competitionId);
    requireDraft(competition.status);
    const before = await tx.competitionEntry.findUniqueOrThrow({ where: { id: input.entryId } });
    const theory = hundredths(input.theory);
    const practical = hundredths(input.practical);
    await tx.competitionEntry.update({
      where: { id: before.id },
      data: {
        theoryScore: (theory / 100).toFixed(2),
        practicalScore: (practical / 100).toFixed(2),
        totalScore: decimal4(totalOf(theory, practical, competition.theoryWeight)),
      },
    });
    await rerank(tx, competition.id);
    const updated = await tx.competitionEntry.findUniqueOrThrow({ where: { id: before.id } });
    await recordAudit(tx, ctx, {
      action: 'competition.scores',
      entityType: 'CompetitionEntry',
      entityId: before.id,
      before: { theory: before.theoryScore, practical: before.practicalScore },
      after: { theory: updated.theoryScore, practical: updated.practicalScore, total: updated.totalScore, rank: updated.rank },
    });
    return updated;
  });
}

/** Submits the results to the approver with ranks frozen; every entrant needs scores first. */
export async function submitCompetitionResults(ctx: Context, competitionId: string) {
  const userId = userIdOf(ctx);
  return prisma.$transaction(async (tx) => {
    const competition = await lockedCompetition(tx, ctx, competitionId);
    requireDraft(competition.status);
    const entries = await tx.competitionEntry.count({ where: { competitionId } });
    if (!entries) throw new WrongStateError('还没有参赛选手 / No entries yet');
    const unscored = await tx.competitionEntry.count({ where: { competitionId, totalScore: null } });
    if (unscored) throw new WrongStateError(`还有 ${unscored} 名选手未录入成绩 / ${unscored} entrant(s) have no scores yet`);
    await rerank(tx, competitionId);
    const updated = await tx.competition.update({
      where: { id: competitionId },
      data: { status: 'SUBMITTED', submittedById: userId, submittedAt: new Date(), returnedReason: null },
    });
    await recordAudit(tx, ctx, {
      action: 'competition.submit',
      entityType: 'Competition',
      entityId: competitionId,
      before: { status: competition.status },
      after: { status: updated.status, entries },
    });
    return updated;
  });
}

/** The approver sends results back for correction; entries and scores open again. */
export async function returnCompetitionResults(ctx: Context, input: TReturnResultsInput) {
  userIdOf(ctx);
  return prisma.$transaction(async (tx) => {
    const competition = await lockedCompetition(tx, ctx, input.competitionId, ['HR_APPROVER']);
    if (competition.status !== 'SUBMITTED') throw new WrongStateError('只能退回已提交的成绩 / Only submitted results can be returned');
    const updated = await tx.competition.update({ where: { id: competition.id }, data: { status: 'DRAFT', returnedReason: input.reason } });
    await recordAudit(tx, ctx, {
      action: 'competition.return',
      entityType: 'Competition',
      entityId: competition.id,
      before: { status: competition.status },
      after: { status: updated.status, reason: input.reason },
    });
    return updated;
  });
}

export type PromotionsWithheld = {
  code: 'PROMOTION_MINIMUM_NOT_MET';
  params: { entrants: number; minEntrants: number; rounds: number; minRounds: number };
};

/**
 * Why a competition may not promote anyone a level (too few entrants or rounds for its minimums), or
 * null when it may. Titles and other awards are conferred either way.
 */
export function promotionsWithheld(
  c: { minEntrantsForPromotion: number; minRoundsForPromotion: number },
  entrants: number,
  rounds: number,
): PromotionsWithheld | null {
  if (entrants >= c.minEntrantsForPromotion && rounds >= c.minRoundsForPromotion) return null;
  return {
    code: 'PROMOTION_MINIMUM_NOT_MET',
    params: { entrants, minEntrants: c.minEntrantsForPromotion, rounds, minRounds: c.minRoundsForPromotion },
  };
}

/**
 * The HR bureau approves the results and, in the same transaction, confers titles and issues the
 * promotion certificates (source COMPETITION, issued by the organising bureau, dated the day of approval:
 * the new level counts from then). The competition row is locked and its status must still be SUBMITTED,
 * so a second approval, concurrent or not, is refused and nobody is certified twice; the unique
 * CompetitionEntry.certificateId backs that up in the database.
 */
export async function approveCompetitionResults(ctx: Actor, competitionId: string, today: Date = todayInChina()) {
  return prisma.$transaction((tx) => approveResultsIn(tx, ctx, competitionId, today), { timeout: 60_000, maxWait: 30_000 });
}

/** The approval inside the caller's transaction (the demo seed approves its competition this way too). */
export async function approveResultsIn(tx: Tx, ctx: Actor, competitionId: string, today: Date, at: Date = new Date()) {
  const userId = userIdOf(ctx);
  const competition = await lockedCompetition(tx, ctx, competitionId, ['HR_APPROVER']);
  if (competition.status !== 'SUBMITTED')
    throw new WrongStateError(
      competition.status === 'APPROVED' ? '成绩已审批 / Results are already approved' : '成绩尚未提交 / Results have not been submitted',
    );
  if (competition.submittedById === userId) throw new SameApproverError();
  const rules = competition.awardRules as AwardRule[];
  const levels = await levelsByCode(tx);
  const seniority = new Map([...levels.values()].map((l) => [l.code, l.rank]));
  const entries = await tx.competitionEntry.findMany({
    where: { competitionId, outcome: null },
    orderBy: [{ rank: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
  });
  const withheld = promotionsWithheld(competition, entries.length, await tx.competitionRound.count({ where: { competitionId } }));
  const summary: Record<string, number> = {};
  for (const entry of entries) {
    if (entry.rank === null) throw new WrongStateError('有选手没有名次 / An entrant has no rank');
    const [held, banned] = await Promise.all([
      highestValidLevel(entry.caregiverId, today, tx),
      activeBlacklistEntry({ caregiverId: entry.caregiverId }, today, tx),
    ]);
    const earned = awardFor(entry.rank, rules, seniority, held?.rank ?? null, banned !== null);
    const award = earned.outcome === 'PROMOTED' && withheld ? { ...earned, outcome: 'PROMOTION_WITHHELD' as const } : earned;
    const level = award.levelCode ? levels.get(award.levelCode) : undefined;
    if (award.levelCode && !level)
      throw new WrongStateError(
        `奖励规则中的等级 ${award.levelCode} 已停用 / Level ${award.levelCode} of the award rules is no longer in force`,
      );
    const certificate =
      award.outcome === 'PROMOTED'
        ? await issueCertificate(tx, ctx, {
            caregiverId: entry.caregiverId,
            level: level!,
            issuer: { id: competition.organiserId },
            issuedOn: today,
            source: 'COMPETITION',
          })
        : null;
    const note =
      award.outcome === 'BLACKLISTED'
        ? `列入失信黑名单，不授予称号、不晋级 / On the credit blacklist: no title, no promotion (${banned!.reason})`
        : award.outcome === 'PROMOTION_WITHHELD'
          ? `参赛 ${withheld!.params.entrants} 人、${withheld!.params.rounds} 轮，未达晋级所需 ${withheld!.params.minEntrants} 人、${withheld!.params.minRounds} 轮 / ${withheld!.params.entrants} entrants and ${withheld!.params.rounds} round(s), below the ${withheld!.params.minEntrants} and ${withheld!.params.minRounds} promotions need`
          : award.outcome === 'ALREADY_HOLDS'
            ? `已持有${held!.nameZh}，不重复发证 / Already holds ${held!.nameEn}: no second certificate`
            : null;
    await tx.competitionEntry.update({
      where: { id: entry.id },
      data: {
        outcome: award.outcome,
        awardRuleId: award.ruleId,
        awardTitle: award.title,
        awardedLevelId: level?.id ?? null,
        outcomeNote: note,
        certificateId: certificate?.id ?? null,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'competition.award',
      entityType: 'CompetitionEntry',
      entityId: entry.id,
      after: { rank: entry.rank, ...award, certificate: certificate?.number ?? null },
    });
    summary[award.outcome] = (summary[award.outcome] ?? 0) + 1;
  }
  const updated = await tx.competition.update({
    where: { id: competitionId },
    data: { status: 'APPROVED', approvedById: userId, approvedAt: at },
  });
  await recordAudit(tx, ctx, {
    action: 'competition.approve',
    entityType: 'Competition',
    entityId: competitionId,
    before: { status: competition.status },
    after: { status: updated.status, outcomes: summary, issuedOn: today, promotionsWithheld: withheld },
  });
  return updated;
}
