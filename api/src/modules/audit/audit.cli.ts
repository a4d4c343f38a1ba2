import { prisma } from '../../db/client.ts';
import { verifyAuditChain } from './audit-chain.ts';

// pnpm audit:verify — exit 0 when every sealed link holds, 1 naming the first broken link otherwise.
try {
  const report = await verifyAuditChain();
  if (report.broken) {
    console.error(
      `audit chain BROKEN at position ${report.broken.seq} (AuditLog id ${report.broken.auditLogId}); ${report.checked} earlier link(s) hold`,
    );
    process.exitCode = 1;
  } else {
    console.log(`audit chain intact: ${report.checked} link(s) verified`);
  }
} finally {
  await prisma.$disconnect();
}
