/**
 * The first day a student of a programme of `programmeYears` may graduate without a recorded reason:
 * the final academic year ends in June or July, three months before the anniversary of enrolment
 * (enrolled 2023-09-01 on a 3-year programme: 2026-06-01).
 */
export function programmeEndsOn(enrolledOn: Date, programmeYears: number): Date {
  return new Date(Date.UTC(enrolledOn.getUTCFullYear() + programmeYears, enrolledOn.getUTCMonth() - 3, enrolledOn.getUTCDate()));
}
