import { ConflictError, DomainError, ForbiddenError, WrongStateError } from '../../graphql/errors.ts';
import type { RuleResult } from '../../shared/rule-result.ts';

/** The person does not meet the policy's rules; `rules` says which failed. Nothing was written. */
export class SubsidyNotEligibleError extends DomainError {
  override readonly code: string = 'NOT_ELIGIBLE';
  constructor(readonly rules: RuleResult[]) {
    super(
      `不符合补贴条件 / Not eligible: ${rules
        .filter((r) => !r.met)
        .map((r) => r.en)
        .join('; ')}`,
    );
  }
}

/** No policy of this kind is in force for the region on the day. */
export class NoPolicyError extends DomainError {
  override readonly code: string = 'NO_POLICY';
  constructor(readonly kind: string) {
    super(`本地区当日无有效的补贴政策 / No ${kind} policy is in force for this region on that day`);
  }
}

/** A claim for the same person, kind and subject (month, level, certificate ...) exists already. */
export class DuplicateClaimError extends ConflictError {
  override readonly code: string = 'DUPLICATE_CLAIM';
  constructor(readonly existingReference: string) {
    super(`已有同一事项的申请 ${existingReference} / A claim for this exists already: ${existingReference}`);
  }
}

/** Maker-checker: the approver reviewed or submitted this claim. */
export class SamePersonError extends ForbiddenError {
  override readonly code: string = 'SAME_PERSON';
  constructor() {
    super('审核人与审批人不能为同一人 / The person who submitted or reviewed a claim may not approve it');
  }
}

/** Approving would take a fund envelope past its budget for the year. */
export class EnvelopeExhaustedError extends ConflictError {
  override readonly code: string = 'ENVELOPE_EXHAUSTED';
  constructor(
    readonly year: number,
    readonly neededFen: number,
  ) {
    super(`资金额度不足 / No fund envelope of this policy has ${neededFen / 100} yuan left for ${year}`);
  }
}

/** The claim lacks evidence its policy version requires; `missing` lists the kinds (comma-separated in params). */
export class EvidenceMissingError extends WrongStateError {
  override readonly code: string = 'EVIDENCE_MISSING';
  constructor(readonly missing: string[]) {
    super(`Evidence missing: ${missing.join(', ')}`, { missing: missing.join(',') });
  }
}
