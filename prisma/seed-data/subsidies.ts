import type { Tx } from '../../api/src/db/client.ts';
import type { Prisma } from '../../api/src/generated/prisma/client.ts';
import { encryptSecret } from '../../api/src/modules/caregivers/field-encryption.ts';
import { evaluateClaim } from '../../api/src/modules/subsidies/claim-evaluation.ts';
import { nextClaimReferences } from '../../api/src/modules/subsidies/claims.service.ts';
import type { SeedContext } from './domains.ts';
import { seededRandom } from './random.ts';

const SUBSIDY_SEED = 2026;
const DAY = 86_400_000;
const yuan = (n: number) => n * 100;
const monthStart = (d: Date, shift: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + shift, 1));
const DEMO_HOME = '上饶市社会福利院';
const BANKS = ['中国建设银行上饶分行', '中国工商银行上饶分行', '中国农业银行上饶分行', '上饶银行', '江西农商银行'];

/** A 19-digit card number with a Luhn check digit (as bank cards carry), from a seeded generator. */
function cardNumber(rnd: ReturnType<typeof seededRandom>): string {
  const body = `621700${Array.from({ length: 12 }, () => rnd.int(0, 9)).join('')}`;
  let sum = 0;
  [...body].reverse().forEach((ch, i) => {
    let d = Number(ch);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  });
  return body + String((10 - (sum % 10)) % 10);
}

/**
 * Shangrao's subsidy system as the seeds describe it: fund sources with this year's envelopes, the
 * five policies (post subsidy by level, onboarding award in instalments, skills upgrade, certification
 * and training), bank accounts for the people employed in the city, and three months of post
 * subsidies at the welfare home: one paid and reconciled, one waiting for review and approval, and the
 * last month's roster left for the institution to confirm.
 */
export async function seedSubsidies(tx: Tx, ctx: SeedContext): Promise<void> {
  const rnd = seededRandom(SUBSIDY_SEED);
  const city = ctx.regionIds.get('361100')!;
  const province = ctx.regionIds.get('360000')!;
  const year = ctx.asOf.getUTCFullYear();

  const funds = [
    {
      code: 'SR-ELDER-SPECIAL',
      name: '上饶市养老服务体系建设专项资金',
      kind: 'SPECIAL_FUND' as const,
      regionId: city,
      budget: [6_000_000, 8_000_000],
      payer: {
        payerAccount: '1508202009300016688',
        payerName: '上饶市财政局',
        payerBank: '中国工商银行上饶分行营业部',
        layout: 'ICBC-DAIFA',
      },
    },
    {
      code: 'SR-LOTTERY',
      name: '上饶市本级福彩公益金（养老服务部分）',
      kind: 'WELFARE_LOTTERY' as const,
      regionId: city,
      budget: [2_500_000, 3_000_000],
      payer: { payerAccount: '36050162013600000815', payerName: '上饶市财政局', payerBank: '中国建设银行上饶分行', layout: 'CCB-DAIFA' },
    },
    {
      code: 'JX-EMPLOYMENT',
      name: '江西省就业补助资金（职业培训与技能评价）',
      kind: 'EMPLOYMENT_FUND' as const,
      regionId: province,
      budget: [4_000_000, 5_000_000],
      payer: {
        payerAccount: '1502200109026400123',
        payerName: '江西省财政厅',
        payerBank: '中国工商银行南昌分行营业部',
        layout: 'ICBC-DAIFA',
      },
    },
  ];
  const fundIds = new Map<string, string>();
  for (const f of funds) {
    // Each city fund pays from the finance bureau's account at its bank, in that bank's 代发 layout (seeded by a migration).
    const layout = f.payer ? await tx.bankFileLayout.findUnique({ where: { code: f.payer.layout }, select: { id: true } }) : null;
    const source = await tx.fundSource.create({
      data: {
        code: f.code,
        name: f.name,
        kind: f.kind,
        regionId: f.regionId,
        ...(f.payer
          ? {
              payerAccount: f.payer.payerAccount,
              payerName: f.payer.payerName,
              payerBank: f.payer.payerBank,
              bankFileLayoutId: layout?.id ?? null,
            }
          : {}),
      },
    });
    fundIds.set(f.code, source.id);
    await tx.fundEnvelope.createMany({
      data: [
        { fundSourceId: source.id, year: year - 1, amountFen: BigInt(yuan(f.budget[0]!)) },
        { fundSourceId: source.id, year, amountFen: BigInt(yuan(f.budget[1]!)) },
      ],
    });
  }

  const since = new Date(Date.UTC(year - 1, 0, 1));
  const policies: Prisma.SubsidyPolicyCreateInput[] = [
    {
      code: 'SR-POST',
      version: 1,
      kind: 'POST_SUBSIDY',
      nameZh: '上饶市养老护理员岗位补贴',
      nameEn: 'Shangrao care-worker post subsidy',
      region: { connect: { id: city } },
      effectiveFrom: since,
      amounts: { byLevel: { L5: yuan(500), L4: yuan(800), L3: yuan(1000), L2: yuan(1200), L1: yuan(1500) } },
      rules: { minMonthsInPost: 3, minAttendanceDays: 20, contractTypes: ['LABOUR'], fullTimeOnly: true },
      funds: {
        create: [
          { fundSourceId: fundIds.get('SR-ELDER-SPECIAL')!, priority: 0 },
          { fundSourceId: fundIds.get('SR-LOTTERY')!, priority: 1 },
        ],
      },
    },
    {
      code: 'SR-ONBOARD',
      version: 1,
      kind: 'ONBOARDING_AWARD',
      nameZh: '上饶市养老护理员一次性入职奖补',
      nameEn: 'Shangrao one-time onboarding award',
      region: { connect: { id: city } },
      effectiveFrom: since,
      publicationDays: 5,
      amounts: {
        byEducation: { SECONDARY_VOCATIONAL: yuan(30_000), COLLEGE: yuan(40_000), BACHELOR: yuan(50_000), MASTER_PLUS: yuan(50_000) },
      },
      rules: { graduatedWithinYears: 3, minContractYears: 3, allowedGapMonths: 3 },
      instalments: [
        { sharePercent: 30, afterYears: 3 },
        { sharePercent: 30, afterYears: 4 },
        { sharePercent: 40, afterYears: 5 },
      ],
      funds: { create: [{ fundSourceId: fundIds.get('SR-ELDER-SPECIAL')!, priority: 0 }] },
    },
    {
      code: 'JX-SKILLS',
      version: 1,
      kind: 'SKILLS_UPGRADE',
      nameZh: '江西省技能提升补贴（养老护理员）',
      nameEn: 'Jiangxi skills-upgrade subsidy (care workers)',
      region: { connect: { id: province } },
      effectiveFrom: since,
      amounts: { byLevel: { L5: yuan(1000), L4: yuan(1500), L3: yuan(2000) } },
      rules: { claimWithinMonths: 12 },
      funds: { create: [{ fundSourceId: fundIds.get('JX-EMPLOYMENT')!, priority: 0 }] },
    },
    {
      code: 'JX-CERT',
      version: 1,
      kind: 'CERTIFICATION',
      nameZh: '江西省职业技能鉴定补贴',
      nameEn: 'Jiangxi certification subsidy',
      region: { connect: { id: province } },
      effectiveFrom: since,
      amounts: { feeSharePercent: 70, floorFen: yuan(220) },
      rules: { claimWithinMonths: 12 },
      funds: { create: [{ fundSourceId: fundIds.get('JX-EMPLOYMENT')!, priority: 0 }] },
    },
    {
      code: 'SR-TRAIN',
      version: 1,
      kind: 'TRAINING',
      nameZh: '上饶市职业培训补贴（养老护理）',
      nameEn: 'Shangrao training subsidy (elderly care)',
      region: { connect: { id: city } },
      effectiveFrom: since,
      amounts: { perTraineeFen: yuan(1500), byCourseKind: { FAMILY_CARER: yuan(800), FIRST_AID: yuan(500) } },
      rules: { claimWithinMonths: 12 },
      funds: { create: [{ fundSourceId: fundIds.get('JX-EMPLOYMENT')!, priority: 0 }] },
    },
  ];
  for (const data of policies) await tx.subsidyPolicy.create({ data });

  // Bank (social security card) accounts of everyone ever employed in the city.
  const people = await tx.caregiver.findMany({
    where: { employments: { some: { institution: { region: { path: { startsWith: '360000/361100' } } } } } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  for (const p of people) {
    const account = cardNumber(rnd);
    await tx.caregiver.update({
      where: { id: p.id },
      data: {
        bankAccountCipher: encryptSecret(account),
        bankAccountMasked: `${account.slice(0, 4)} **** **** ${account.slice(-4)}`,
        bankName: rnd.pick(BANKS),
      },
    });
  }

  const homeId = ctx.organisationIds.get(DEMO_HOME)!;
  const institutionUser = ctx.userIds.get('institution')!;
  const reviewer = ctx.userIds.get('hr.reviewer')!;
  const approver = ctx.userIds.get('hr.approver')!;
  const financeUser = ctx.userIds.get('finance')!;
  const paidMonth = monthStart(ctx.asOf, -3);
  const queueMonth = monthStart(ctx.asOf, -2);
  const envelope = await tx.fundEnvelope.findFirstOrThrow({
    where: { fundSource: { code: 'SR-ELDER-SPECIAL' }, year: paidMonth.getUTCFullYear() },
  });

  const lines: { instalmentId: string; amountFen: number }[] = [];
  for (const [month, state] of [
    [paidMonth, 'PAID'],
    [queueMonth, 'QUEUE'],
  ] as const) {
    await tx.monthlyRoster.create({
      data: { institutionId: homeId, month, confirmedAt: new Date(month.getTime() + 35 * DAY), confirmedById: institutionUser },
    });
    const rows = await tx.employmentMonth.findMany({
      where: { month, employment: { institutionId: homeId } },
      select: { id: true, employmentId: true, employment: { select: { caregiverId: true } } },
      orderBy: { id: 'asc' },
    });
    for (const [index, row] of rows.entries()) {
      const evaluation = await evaluateClaim(
        row.employment.caregiverId,
        { kind: 'POST_SUBSIDY', employmentId: row.employmentId, month },
        month,
        tx,
      );
      const failed = evaluation.eligibility.rules.filter((r) => !r.met);
      if (failed.length) {
        await tx.employmentMonth.update({ where: { id: row.id }, data: { subsidyExclusion: failed as unknown as Prisma.InputJsonValue } });
        continue;
      }
      const exists = await tx.subsidyClaim.findUnique({
        where: {
          caregiverId_kind_subjectKey: { caregiverId: row.employment.caregiverId, kind: 'POST_SUBSIDY', subjectKey: evaluation.subjectKey },
        },
      });
      if (exists) continue;
      const [reference] = await nextClaimReferences(tx, 1, month.getUTCFullYear());
      const submittedAt = new Date(month.getTime() + 36 * DAY);
      // The queue month: the first half reviewed and waiting for the approver, the rest for the reviewer.
      const reviewed = state === 'PAID' || index % 2 === 0;
      const claim = await tx.subsidyClaim.create({
        data: {
          reference: reference!,
          policyId: evaluation.policy.id,
          kind: 'POST_SUBSIDY',
          caregiverId: row.employment.caregiverId,
          employmentId: row.employmentId,
          regionId: evaluation.regionId,
          subjectKey: evaluation.subjectKey,
          facts: evaluation.facts,
          amountFen: evaluation.eligibility.amountFen,
          eligibility: evaluation.eligibility as unknown as Prisma.InputJsonValue,
          submittedById: institutionUser,
          submittedAt,
          status: state === 'PAID' ? 'PAID' : reviewed ? 'REVIEWED' : 'SUBMITTED',
          ...(reviewed ? { reviewedById: reviewer, reviewedAt: new Date(submittedAt.getTime() + 2 * DAY) } : {}),
          ...(state === 'PAID'
            ? { approvedById: approver, approvedAt: new Date(submittedAt.getTime() + 4 * DAY), envelopeId: envelope.id }
            : {}),
        },
      });
      if (state === 'PAID') {
        const instalment = await tx.instalment.create({
          data: {
            claimId: claim.id,
            seq: 1,
            sharePercent: 100,
            afterYears: 0,
            dueOn: new Date(submittedAt.getTime() + 4 * DAY),
            amountFen: claim.amountFen,
            status: 'PAID',
            paidAt: new Date(submittedAt.getTime() + 10 * DAY),
          },
        });
        lines.push({ instalmentId: instalment.id, amountFen: claim.amountFen });
      }
    }
  }
  const totalFen = lines.reduce((s, l) => s + BigInt(l.amountFen), 0n);
  const paidAt = new Date(paidMonth.getTime() + 46 * DAY);
  await tx.$queryRaw`SELECT setval('payment_batch_reference_seq', 1)`;
  await tx.paymentBatch.create({
    data: {
      reference: `PB-${paidMonth.getUTCFullYear()}-0001`,
      regionId: city,
      status: 'RECONCILED',
      idempotencyKey: 'seed-batch-1',
      lineCount: lines.length,
      totalFen,
      paidFen: totalFen,
      createdById: financeUser,
      createdAt: new Date(paidAt.getTime() - 5 * DAY),
      reconciledAt: paidAt,
      lines: {
        create: lines.map((l, i) => ({
          instalmentId: l.instalmentId,
          lineNo: i + 1,
          amountFen: l.amountFen,
          status: 'PAID' as const,
          answeredAt: paidAt,
        })),
      },
    },
  });
  await tx.fundEnvelope.update({
    where: { id: envelope.id },
    data: { committedFen: { increment: totalFen }, paidFen: { increment: totalFen } },
  });
}
