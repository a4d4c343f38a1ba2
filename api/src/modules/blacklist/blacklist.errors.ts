import { DomainError } from '../../graphql/errors.ts';
/** The person is on the credit blacklist and may not sit exams until the entry ends. */
export class BlacklistedError extends DomainError {
  override readonly code: string = 'BLACKLISTED';
  constructor(readonly until: Date | null) {
    super('已列入失信黑名单，不能报考 / On the credit blacklist: may not apply');
  }
}
