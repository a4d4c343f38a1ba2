import { addMonths, monthEnd, monthStart, todayInChina } from '../../shared/china-time.ts';
import { prisma, type Tx } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, InputValidationError, NotFoundError, WrongStateError } from '../../graphql/errors.ts';
import { BUREAU_ROLES, hasRole, membershipsWith } from '../../graphql/viewer.ts';
import { kickOutbox, stageJob } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { employingInstitutionsOf } from '../caregivers/caregivers.access.ts';
import type { TRosterInput } from './subsidies.schemas.ts';

import { closedBatchKey, openBatchKey } from './post-subsidy-batch.ts';
import { generatePostSubsidiesJob } from './subsidies.jobs.ts';
import { judgePostSubsidies } from './post-subsidy-facts.ts';

/** Employments of an institution that cover any day of the month: the people on its roster. */
function employmentsInMonth(db: Pick<Tx, 'employment'>, institutionId: string, month: Date) {
  return db.employment.findMany({
    where: { institutionId, startDate: { lte: monthEnd(month) }, OR: [{ endDate: null }, { endDate: { gte: month } }] },
    include: { caregiver: { select: { id: true, name: true } }, months: { where: { month } } },
    orderBy: [{ post: 'asc' }, { startDate: 'asc' }],
  });
}

async function visibleInstitution(ctx: Context, institutionId: string, write: boolean) {
  const institution = await prisma.organisation.findFirst({
    where: { id: institutionId, kind: 'INSTITUTION' },
    include: { region: { select: { path: true } } },
  });
  if (!institution) throw new NotFoundError('Organisation');
  const staff = hasRole(ctx.viewer, 'ADMIN') || (employingInstitutionsOf(ctx.viewer) ?? []).includes(institutionId);
  const bureau = membershipsWith(ctx.viewer, ...BUREAU_ROLES).some((m) => m.regionPath && institution.region.path.startsWith(m.regionPath));
  if (!(staff || (!write && bureau))) throw new NotFoundError('Organisation');
  return institution;
}

/**
 * The month's roster: everyone employed in it, with the attendance recorded so far, the month before's
 * recorded line (what a new line starts from, never an assumed full month) and whether it is confirmed.
 */
export async function monthlyRoster(ctx: Context, institutionId: string, month: Date) {
  const institution = await visibleInstitution(ctx, institutionId, false);
  const [employments, confirmation] = await Promise.all([
    employmentsInMonth(prisma, institutionId, month),
    prisma.monthlyRoster.findUnique({ where: { institutionId_month: { institutionId, month } } }),
  ]);
  const previous = await prisma.employmentMonth.findMany({
    where: { employmentId: { in: employments.map((e) => e.id) }, month: addMonths(month, -1) },
    select: { employmentId: true, attendanceDays: true, socialInsurancePaid: true },
  });
  const claims = await prisma.subsidyClaim.findMany({
    where: {
      kind: 'POST_SUBSIDY',
      subjectKey: month.toISOString().slice(0, 7),
      caregiverId: { in: employments.map((e) => e.caregiverId) },
    },
    select: { id: true, caregiverId: true, reference: true, status: true, amountFen: true, employmentId: true },
  });
  return {
    institution,
    month,
    confirmation,
    lines: employments.map((e) => ({
      employment: e,
      caregiver: e.caregiver,
      line: e.months[0] ?? null,
      previous: previous.find((p) => p.employmentId === e.id) ?? null,
      claim: claims.find((c) => c.employmentId === e.id) ?? null,
    })),
  };
}

export type RosterSummary = {
  people: number;
  unrecorded: number;
  eligible: number;
  amountFen: number;
  exclusions: { ruleId: string; people: number }[];
};

/**
 * What confirming the month would produce from the lines saved so far: the people on the roster, those
 * still without a line, how many would get a post subsidy and the amount, and the people left out per
 * unmet rule (someone failing two rules counts under both). Judged by the batch's own rules.
 */
export async function monthlyRosterSummary(ctx: Context, institutionId: string, month: Date): Promise<RosterSummary> {
  await visibleInstitution(ctx, institutionId, false);
  const employments = await employmentsInMonth(prisma, institutionId, month);
  const recorded = employments.filter((e) => e.months[0]);
  const judged = await judgePostSubsidies(
    recorded.map((e) => ({ caregiverId: e.caregiverId, employmentId: e.id, month })),
    prisma,
    { asIfConfirmed: true },
  );
  const exclusions = new Map<string, number>();
  let eligible = 0;
  let amountFen = 0;
  for (const j of judged) {
    if (j.eligibility?.eligible) {
      eligible++;
      amountFen += j.eligibility.amountFen;
      continue;
    }
    const failed = j.eligibility ? j.eligibility.rules.filter((r) => !r.met).map((r) => r.ruleId) : ['policy'];
    for (const ruleId of failed) exclusions.set(ruleId, (exclusions.get(ruleId) ?? 0) + 1);
  }
  return {
    people: employments.length,
    unrecorded: employments.length - recorded.length,
    eligible,
    amountFen,
    exclusions: [...exclusions]
      .map(([ruleId, people]) => ({ ruleId, people }))
      .sort((a, b) => b.people - a.people || a.ruleId.localeCompare(b.ruleId)),
  };
}

/** Writes the attendance lines; a line for someone not on the month's roster names its index. */
async function writeLines(tx: Tx, input: TRosterInput) {
  const employments = await employmentsInMonth(tx, input.institutionId, input.month);
  const known = new Set(employments.map((e) => e.id));
  const daysInMonth = monthEnd(input.month).getUTCDate();
  const issues = input.lines.flatMap((line, i) => [
    ...(known.has(line.employmentId)
      ? []
      : [{ path: ['input', 'lines', String(i), 'employmentId'], message: 'is not on this institution’s roster for the month' }]),
    ...(line.attendanceDays > daysInMonth
      ? [{ path: ['input', 'lines', String(i), 'attendanceDays'], message: `must be at most ${daysInMonth}` }]
      : []),
  ]);
  if (issues.length) throw new InputValidationError(issues);
  for (const line of input.lines) {
    const values = {
      attendanceDays: line.attendanceDays,
      socialInsurancePaid: line.socialInsurancePaid,
      liabilityIncident: line.liabilityIncident,
    };
    await tx.employmentMonth.upsert({
      where: { employmentId_month: { employmentId: line.employmentId, month: input.month } },
      create: { employmentId: line.employmentId, month: input.month, ...values },
      update: values,
    });
  }
  return employments;
}

/**
 * Puts a confirmed roster into its province's open post-subsidy batch for the month, opening one if
 * there is none, and records the batch on the roster (see post-subsidy-batch.ts).
 */
export async function joinPostSubsidyBatch(
  tx: Tx,
  roster: { id: string; month: Date },
  institutionRegionPath: string,
  createdById: string,
) {
  const batch = { provinceCode: institutionRegionPath.split('/')[0]!, month: roster.month.toISOString().slice(0, 7) };
  const stage = () => stageJob(tx, generatePostSubsidiesJob, batch, { key: openBatchKey(batch), createdById });
  let job = await stage();
  if (job.status === 'COMPLETED' || job.status === 'FAILED') {
    // A batch whose last attempt failed before it could close itself: close it and open the next.
    await tx.backgroundJob.update({ where: { id: job.id }, data: { key: closedBatchKey(batch, job.id) } });
    job = await stage();
  }
  await tx.monthlyRoster.update({ where: { id: roster.id }, data: { jobId: job.id } });
  return job;
}

/** Saves a draft of the roster; a confirmed month is closed. */
export async function saveMonthlyRoster(ctx: Context, input: TRosterInput) {
  await visibleInstitution(ctx, input.institutionId, true);
  return prisma.$transaction(async (tx) => {
    const confirmed = await tx.monthlyRoster.findUnique({
      where: { institutionId_month: { institutionId: input.institutionId, month: input.month } },
    });
    if (confirmed) throw new WrongStateError('该月花名册已确认 / The roster of this month is confirmed already');
    await writeLines(tx, input);
    await recordAudit(tx, ctx, {
      action: 'subsidy.saveRoster',
      entityType: 'Organisation',
      entityId: input.institutionId,
      after: { month: input.month, lines: input.lines },
    });
    return input.lines.length;
  });
}

/**
 * Confirms a finished month's roster (every person on it needs a line) and starts the background batch
 * that creates the month's post-subsidy claims. Confirming twice is refused; the batch is keyed by the
 * roster, so it is staged once.
 */
export async function confirmMonthlyRoster(ctx: Context, input: TRosterInput) {
  if (ctx.viewer?.kind !== 'user') throw new ForbiddenError();
  const userId = ctx.viewer.userId;
  const institution = await visibleInstitution(ctx, input.institutionId, true);
  const today = todayInChina();
  if (input.month >= monthStart(today)) throw InputValidationError.field(['input', 'month'], 'must be a month that has ended');
  const roster = await prisma.$transaction(async (tx) => {
    const confirmed = await tx.monthlyRoster.findUnique({
      where: { institutionId_month: { institutionId: input.institutionId, month: input.month } },
    });
    if (confirmed) throw new WrongStateError('该月花名册已确认 / The roster of this month is confirmed already');
    const employments = await writeLines(tx, input);
    const covered = new Set(input.lines.map((l) => l.employmentId));
    const missing = employments.filter((e) => !covered.has(e.id) && !e.months[0]);
    if (missing.length)
      throw InputValidationError.field(['input', 'lines'], `no attendance for ${missing.map((e) => e.caregiver.name).join('、')}`);
    const created = await tx.monthlyRoster.create({
      data: { institutionId: input.institutionId, month: input.month, confirmedAt: new Date(), confirmedById: userId },
    });
    const job = await joinPostSubsidyBatch(tx, created, institution.region.path, userId);
    await recordAudit(tx, ctx, {
      action: 'subsidy.confirmRoster',
      entityType: 'MonthlyRoster',
      entityId: created.id,
      after: { institutionId: input.institutionId, month: input.month, people: employments.length, jobId: job.id },
    });
    return { ...created, jobId: job.id };
  });
  kickOutbox();
  return roster;
}
