import { describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { gql, yoga } from '../support/graphql.ts';

const scrape = (remoteAddress: string, headers: Record<string, string> = {}) =>
  yoga.fetch('http://carecert.test/metrics', { headers }, { req: { socket: { remoteAddress } } } as never);

describe('/metrics (Prometheus, prom-client)', () => {
  it('reports operations by name and outcome, the queue, the outbox, the audit sealer and locked sign-ins', async () => {
    await gql('query MetricsProbe { __typename }');
    // An outbox row staged a minute ago and not handed over yet: the lag shows it.
    const staged = await prisma.backgroundJob.create({
      data: { name: 'test.metrics', key: `metrics:${crypto.randomUUID()}`, payload: {}, createdAt: new Date(Date.now() - 60_000) },
    });

    const response = await scrape('127.0.0.1');
    // Other files share the database: no drain of theirs may meet this made-up job.
    await prisma.backgroundJob.delete({ where: { id: staged.id } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/carecert_graphql_operation_duration_seconds_count\{operation="MetricsProbe",outcome="ok"\} [1-9]/);
    const lag = Number(text.match(/^carecert_outbox_lag_seconds (\S+)$/m)?.[1]);
    expect(lag).toBeGreaterThanOrEqual(59);
    for (const name of [
      'carecert_queue_jobs',
      'carecert_job_oldest_pending_age_seconds',
      'carecert_audit_unsealed_age_seconds',
      'carecert_signin_locked',
      'carecert_process_resident_memory_bytes',
    ]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
  });

  it('is not served to addresses other than loopback without the metrics token', async () => {
    expect((await scrape('203.0.113.9')).status).toBe(403);
  });
});
