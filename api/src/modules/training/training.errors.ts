import { ConflictError, DomainError } from '../../graphql/errors.ts';

/** The person already holds a place (or a waitlist place) on this course. */
export class AlreadyEnrolledError extends ConflictError {
  override readonly code: string = 'ALREADY_ENROLLED';
  constructor() {
    super('已报名该课程 / You are already enrolled or waitlisted on this course');
  }
}

/** This year's government-funded training is taken by another course. */
export class EntitlementUsedError extends ConflictError {
  override readonly code: string = 'ENTITLEMENT_USED';
  constructor(
    readonly year: number,
    readonly courseTitle: string,
  ) {
    super(`${year}年度政府补贴培训名额已用于「${courseTitle}」 / The government-funded training of ${year} is used by ${courseTitle}`);
  }
}

/** The course is not open to this person (a family carer on a post course, a director course without the post). */
export class NotOpenToYouError extends DomainError {
  override readonly code: string = 'NOT_OPEN_TO_YOU';
}
