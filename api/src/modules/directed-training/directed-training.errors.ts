import { ConflictError, DomainError } from '../../graphql/errors.ts';

/** Every place of the class's quota is taken. */
export class QuotaFullError extends ConflictError {
  override readonly code: string = 'QUOTA_FULL';
  constructor(readonly quota: number) {
    super(`定向班名额已满（${quota}人） / The class's quota of ${quota} is full`);
  }
}

/** The person holds an active directed-training agreement in another class. */
export class ActiveAgreementError extends ConflictError {
  override readonly code: string = 'ACTIVE_AGREEMENT';
  constructor(readonly className: string) {
    super(`该学生已有有效的定向协议（${className}） / The student holds an active agreement in ${className}`);
  }
}

/**
 * A directed class runs its length: graduation before the programme ends needs a recorded reason
 * (transfer credit, for instance). `earliest` is the first day graduation may be recorded without one.
 */
export class GraduationBeforeProgrammeEndError extends DomainError {
  override readonly code: string = 'GRADUATION_BEFORE_PROGRAMME_END';
  constructor(
    readonly earliest: Date,
    readonly programmeYears: number,
  ) {
    const day = earliest.toISOString().slice(0, 10);
    super(`Graduating before ${day}, the end of the ${programmeYears}-year programme, needs a recorded reason`, {
      earliest: day,
      programmeYears,
    });
  }
}
