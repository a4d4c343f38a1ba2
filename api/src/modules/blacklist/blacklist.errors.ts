import { DomainError } from '../../graphql/errors.ts';
/** The person is on the credit blacklist and may not sit exams until the entry ends. */
export class BlacklistedError extends DomainError {
  override readonly code: string = 'BLACKLISTED';
  constructor(readonly until: Date | null) {
    super(until ? { until: until.toISOString().slice(0, 10) } : {});
  }
}
