import { ConflictError } from '../../graphql/errors.ts';

/** The action does not fit the student's, breach's or class's state; the message says why. */
export class DirectedStateError extends ConflictError {
  override readonly code: string = 'WRONG_STATE';
}

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
