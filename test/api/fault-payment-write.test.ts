import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultRig, waitFor } from '../support/fault-rig.ts';

/**
 * Faults on the payment path, which moves money: the database connection dropped in the middle of a
 * write, and Redis down when a bank return is uploaded. Each leaves nothing half-written (no line paid
 * without its instalment, envelope and batch totals) and a retry pays each line once.
 *
 * The connection is dropped by a trigger that makes the backend terminate itself on the last write of
 * the transaction, so everything before it has been written and must be rolled back with it.
 */
const hasServices = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const PEOPLE = 12;
const AMOUNT_FEN = 50_000;

describe.skipIf(!hasServices)('payment writes under faults', () => {
  let rig: Awaited<ReturnType<typeof faultRig>>;
  let prisma: typeof import('../../api/src/db/client.ts').prisma;
  let f: typeof import('../support/factories.ts');
  let gql: typeof import('../support/graphql.ts').gql;
  let runJob: typeof import('../../api/src/jobs/runner.ts').runJob;
  let runBankReturnImport: typeof import('../../api/src/modules/subsidies/payments.service.ts').runBankReturnImport;
  let closeRedis: typeof import('../../api/src/jobs/queue.ts').closeRedis;
  let decodeGlobalID: typeof import('@pothos/plugin-relay').decodeGlobalID;

  beforeAll(async () => {
    rig = await faultRig('carecert_fault_payment');
    ({ prisma } = await import('../../api/src/db/client.ts'));
    f = await import('../support/factories.ts');
    ({ gql } = await import('../support/graphql.ts'));
    ({ runJob } = await import('../../api/src/jobs/runner.ts'));
    ({ runBankReturnImport } = await import('../../api/src/modules/subsidies/payments.service.ts'));
    ({ closeRedis } = await import('../../api/src/jobs/queue.ts'));
    ({ decodeGlobalID } = await import('@pothos/plugin-relay'));
    await prisma.$executeRawUnsafe(
      `CREATE FUNCTION fault_drop_connection() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$`,
    );
  }, 180_000);

  afterAll(async () => {
    await closeRedis?.();
    await prisma?.$disconnect();
    await rig?.redis.kill();
    await rig?.drop();
  });

  /** A city whose finance officer has PEOPLE approved claims, each one payable instalment from one envelope, payees with bank accounts. */
  async function payableCity() {
    const tree = await f.makeRegionTree();
    const finance = await f.makeUser('FINANCE_OFFICER', { regionId: tree.city.id });
    const fund = await prisma.fundSource.create({
      data: { code: `F-${randomUUID().slice(0, 8)}`, name: '故障测试资金', kind: 'WELFARE_LOTTERY', regionId: tree.city.id },
    });
    const envelope = await prisma.fundEnvelope.create({
      data: { fundSourceId: fund.id, year: 2026, amountFen: 100_000_000n, committedFen: BigInt(PEOPLE * AMOUNT_FEN) },
    });
    const policy = await prisma.subsidyPolicy.create({
      data: {
        code: `P-${randomUUID().slice(0, 8)}`,
        version: 1,
        kind: 'POST_SUBSIDY',
        nameZh: '故障测试补贴',
        nameEn: 'fault',
        regionId: tree.city.id,
        effectiveFrom: new Date('2020-01-01'),
        amounts: {},
        rules: {},
      },
    });
    for (let i = 0; i < PEOPLE; i++) {
      const { caregiver } = await f.makeCaregiver(tree.county.id, tree.county.code);
      await prisma.caregiver.update({ where: { id: caregiver.id }, data: { bankAccountMasked: '6217********8903', bankName: '测试银行' } });
      const claim = await prisma.subsidyClaim.create({
        data: {
          reference: `FP${randomUUID().slice(0, 8)}`,
          policyId: policy.id,
          kind: 'POST_SUBSIDY',
          caregiverId: caregiver.id,
          regionId: tree.county.id,
          subjectKey: randomUUID(),
          amountFen: AMOUNT_FEN,
          eligibility: {},
          status: 'APPROVED',
          envelopeId: envelope.id,
        },
      });
      await prisma.instalment.create({
        data: {
          claimId: claim.id,
          seq: 1,
          sharePercent: 100,
          afterYears: 0,
          dueOn: new Date('2026-01-01'),
          amountFen: AMOUNT_FEN,
          status: 'PAYABLE',
        },
      });
    }
    return { tree, finance, envelope };
  }

  /** Everything a payment touches in the city, to compare before and after. */
  const moneyState = async (regionId: string, envelopeId: string, withFiles = true) =>
    JSON.stringify(
      {
        batches: await prisma.paymentBatch.findMany({
          where: { region: { OR: [{ id: regionId }, { parentId: regionId }] } },
          orderBy: { id: 'asc' },
          include: { lines: { orderBy: { lineNo: 'asc' } }, returns: withFiles },
        }),
        instalments: await prisma.instalment.findMany({ where: { claim: { envelopeId } }, orderBy: { id: 'asc' } }),
        claims: await prisma.subsidyClaim.findMany({ where: { envelopeId }, orderBy: { id: 'asc' }, select: { id: true, status: true } }),
        envelope: await prisma.fundEnvelope.findUniqueOrThrow({ where: { id: envelopeId } }),
      },
      (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
    );

  const CREATE = `mutation($i: CreatePaymentBatchInput!) { createPaymentBatch(input: $i) { __typename ... on MutationCreatePaymentBatchSuccess { data { id reference lineCount } } ... on Error { code } } }`;
  const IMPORT = `mutation($i: ImportBankReturnInput!) { importBankReturn(input: $i) { __typename ... on MutationImportBankReturnSuccess { data { id jobId finishedAt } } ... on Error { code } } }`;
  const returnFile = (batchId: string, reference: string) => ({
    batchId,
    fileName: 'return.csv',
    contentBase64: Buffer.from(
      ['业务参考号,状态,金额(元)', ...Array.from({ length: PEOPLE }, (_, i) => `${reference}-${i + 1},成功,${AMOUNT_FEN / 100}.00`)].join(
        '\n',
      ),
    ).toString('base64'),
  });

  it('drops the connection as a batch is written: nothing is kept, and the retry with the same key builds one batch', async () => {
    const { tree, finance, envelope } = await payableCity();
    const before = await moneyState(tree.city.id, envelope.id);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER fault_batch AFTER INSERT ON "AuditLog" FOR EACH ROW WHEN (NEW.action = 'payment.createBatch') EXECUTE FUNCTION fault_drop_connection()`,
    );
    const key = randomUUID();
    try {
      const dropped = await gql(CREATE, { i: { regionCode: tree.city.code, idempotencyKey: key } }, { token: finance.token });
      expect(dropped.data?.createPaymentBatch?.__typename ?? 'errors').not.toBe('MutationCreatePaymentBatchSuccess');
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER fault_batch ON "AuditLog"`);
    }
    // The lines, the instalments taken into the batch and the batch itself went with the connection.
    expect(await moneyState(tree.city.id, envelope.id)).toBe(before);

    const built = await gql(CREATE, { i: { regionCode: tree.city.code, idempotencyKey: key } }, { token: finance.token });
    const again = await gql(CREATE, { i: { regionCode: tree.city.code, idempotencyKey: key } }, { token: finance.token });
    expect(built.data?.createPaymentBatch.data.lineCount).toBe(PEOPLE);
    expect(again.data?.createPaymentBatch.data.id).toBe(built.data?.createPaymentBatch.data.id);
    expect(await prisma.paymentBatch.count({ where: { idempotencyKey: key } })).toBe(1);
    expect(await prisma.instalment.count({ where: { claim: { envelopeId: envelope.id }, status: 'IN_BATCH' } })).toBe(PEOPLE);
  }, 120_000);

  it('drops the connection at the last write of a bank return: no line is paid; the retried job pays each line once, and again changes nothing', async () => {
    const { tree, finance, envelope } = await payableCity();
    const batch = (await gql(CREATE, { i: { regionCode: tree.city.code, idempotencyKey: randomUUID() } }, { token: finance.token })).data
      ?.createPaymentBatch.data;
    const started = (await gql(IMPORT, { i: returnFile(batch.id, batch.reference) }, { token: finance.token })).data?.importBankReturn.data;
    expect(started.finishedAt).toBeNull();
    const jobId = decodeGlobalID(started.jobId).id;
    const before = await moneyState(tree.city.id, envelope.id);

    // The file's "finished" mark is the transaction's last write: lines, instalments, envelope and batch totals precede it.
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER fault_return AFTER UPDATE ON "BankReturnFile" FOR EACH ROW WHEN (NEW."contentCipher" IS NULL AND OLD."contentCipher" IS NOT NULL) EXECUTE FUNCTION fault_drop_connection()`,
    );
    try {
      await expect(runJob(jobId, { final: false })).rejects.toThrow();
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER fault_return ON "BankReturnFile"`);
    }
    expect(await moneyState(tree.city.id, envelope.id)).toBe(before);
    const failed = await prisma.backgroundJob.findUniqueOrThrow({ where: { id: jobId } });
    expect([failed.status, failed.error]).toEqual(['PENDING', 'The job failed; see the worker log.']);

    // The retry, as the queue's next attempt.
    await runJob(jobId, { final: true });
    expect((await prisma.backgroundJob.findUniqueOrThrow({ where: { id: jobId } })).result).toMatchObject({
      paid: PEOPLE,
      failed: 0,
      reconciled: true,
    });
    const paid = await moneyState(tree.city.id, envelope.id);
    expect((await prisma.fundEnvelope.findUniqueOrThrow({ where: { id: envelope.id } })).paidFen).toBe(BigInt(PEOPLE * AMOUNT_FEN));
    expect(await prisma.paymentLine.count({ where: { batchId: decodeGlobalID(batch.id).id, status: 'PAID' } })).toBe(PEOPLE);

    // Delivered again, after it finished and twice at once, and the same file uploaded again: nothing moves.
    await prisma.backgroundJob.update({ where: { id: jobId }, data: { status: 'PENDING' } });
    await runJob(jobId, { final: true });
    const fileId = decodeGlobalID(started.id).id;
    const fake = () => ({ jobId, reportProgress: async () => undefined, logger: console as never });
    await Promise.all([runBankReturnImport(fileId, fake()), runBankReturnImport(fileId, fake())]);
    const resent = (await gql(IMPORT, { i: returnFile(batch.id, batch.reference) }, { token: finance.token })).data?.importBankReturn.data;
    expect(resent.id).toBe(started.id);
    expect(await moneyState(tree.city.id, envelope.id)).toBe(paid);
  }, 120_000);

  it('takes a bank return while Redis is down: the upload and its job wait in PostgreSQL, and once Redis is back the job pays each line once', async () => {
    const { tree, finance, envelope } = await payableCity();
    const batch = (await gql(CREATE, { i: { regionCode: tree.city.code, idempotencyKey: randomUUID() } }, { token: finance.token })).data
      ?.createPaymentBatch.data;
    // The upload adds its file row; the money must not move.
    const before = await moneyState(tree.city.id, envelope.id, false);
    await rig.redis.kill();
    let started;
    try {
      const res = await gql(IMPORT, { i: returnFile(batch.id, batch.reference) }, { token: finance.token });
      started = res.data?.importBankReturn.data;
      expect(started?.jobId, JSON.stringify(res)).toEqual(expect.any(String));
      const jobId = decodeGlobalID(started.jobId).id;
      // Nothing is paid by the upload itself; the job row is in the outbox, not lost with the queue.
      expect(await moneyState(tree.city.id, envelope.id, false)).toBe(before);
      expect((await prisma.backgroundJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe('PENDING');
    } finally {
      await rig.redis.start();
    }
    const jobId = decodeGlobalID(started.jobId).id;
    const { drainOutbox } = await import('../../api/src/jobs/outbox.ts');
    // The failed hand-over put the row back in the outbox; the periodic drain hands it to the queue once
    // Redis answers again (asked at once here), and a worker's run of the job follows, here.
    await waitFor(
      async () => {
        await drainOutbox({ inProcess: false }).catch(() => 0);
        return (await prisma.backgroundJob.findUniqueOrThrow({ where: { id: jobId } })).enqueuedAt !== null;
      },
      'the job handed to the queue again',
      30_000,
      250,
    );
    await runJob(jobId, { final: true });
    await runJob(jobId, { final: true });
    expect((await prisma.fundEnvelope.findUniqueOrThrow({ where: { id: envelope.id } })).paidFen).toBe(BigInt(PEOPLE * AMOUNT_FEN));
    expect(await prisma.paymentLine.count({ where: { batchId: decodeGlobalID(batch.id).id, status: 'PAID' } })).toBe(PEOPLE);
    expect((await prisma.paymentBatch.findUniqueOrThrow({ where: { id: decodeGlobalID(batch.id).id } })).paidFen).toBe(
      BigInt(PEOPLE * AMOUNT_FEN),
    );
  }, 120_000);
});
