import { registerJob } from '../jobs/registry.ts';
import { startJobs, type JobsMode } from '../jobs/lifecycle.ts';
import { registerRowKind } from '../shared/row-import.ts';
import { sealAuditBacklog } from '../modules/audit/audit-chain.ts';
import { onEmploymentChange } from '../modules/caregivers/employment-hooks.ts';
import { restoreAwardsOnReemployment, settleAwardsOnLeaving } from '../modules/subsidies/instalments.service.ts';
import { purgeExpiredSessions } from '../modules/auth/auth.jobs.ts';
import { followServiceJob } from '../modules/directed-training/directed-training.jobs.ts';
import { STUDENT_ROWS } from '../modules/directed-training/student-import.ts';
import { generatePostSubsidiesJob, importBankReturnJob, releaseDueInstalmentsJob } from '../modules/subsidies/subsidies.jobs.ts';
import { importPopulationJob } from '../modules/regions/regions.jobs.ts';
import { ATTENDANCE_ROWS } from '../modules/training/attendance-import.ts';
import { importRosterJob } from '../modules/training/training.jobs.ts';
import { snapshotWorkforceMonth } from '../modules/workforce/workforce.jobs.ts';
import { decryptSecret, encryptSecret } from '../modules/caregivers/field-encryption.ts';
import { maskPhone } from '../modules/caregivers/phone.ts';
import { noticeExpiringFirstAidJob } from '../modules/certification/certification.jobs.ts';
import { useSecretBox } from '../modules/notifications/notification-secrets.ts';
import { deliverWebhookJob, fanOutEventJob } from '../modules/notifications/notifications.jobs.ts';
import { disableEndpointsOfToken } from '../modules/notifications/webhooks.service.ts';
import { onApiTokenRevoked } from '../modules/auth/api-token-hooks.ts';

// The composition root's wiring: every module's job definitions (each carrying its own schedule),
// row-import kinds and cross-module hooks are registered here and nowhere else, so jobs/ imports no
// module and a module never imports one that depends on it.
for (const def of [
  purgeExpiredSessions,
  snapshotWorkforceMonth,
  generatePostSubsidiesJob,
  releaseDueInstalmentsJob,
  importBankReturnJob,
  importRosterJob,
  importPopulationJob,
  followServiceJob,
  fanOutEventJob,
  deliverWebhookJob,
  noticeExpiringFirstAidJob,
])
  registerJob(def);
registerRowKind('STUDENTS', STUDENT_ROWS);
registerRowKind('ATTENDANCE', ATTENDANCE_ROWS);
// Webhook secrets and SMS numbers are kept with the same keyring as the caregivers' personal data.
useSecretBox({ encrypt: encryptSecret, decrypt: decryptSecret, maskPhone });
onEmploymentChange({ started: restoreAwardsOnReemployment, ended: settleAwardsOnLeaving });
// A revoked token's webhook endpoints stop with it, in the revocation's transaction.
onApiTokenRevoked(disableEndpointsOfToken);

// An unsealed audit row can be altered by whoever bypasses the trigger without breaking the chain: keep the window short.
const AUDIT_SEAL_EVERY_MS = 10_000;

/** Starts the job loops of this process with the modules' periodic work. */
export function startBackgroundWork(mode: JobsMode): void {
  startJobs(mode, [{ everyMs: AUDIT_SEAL_EVERY_MS, run: sealAuditBacklog, what: 'audit seal' }]);
}
