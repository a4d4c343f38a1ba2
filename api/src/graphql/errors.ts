import { englishFieldMessage, englishMessage } from './error-messages.ts';

/**
 * Parameters of an expected failure (limits, found values, rule names): the portal words the failure
 * from its code and these, in Chinese or English; the message is an English fallback for other systems.
 */
export type ErrorParams = Record<string, string | number>;

/**
 * Base of every expected failure: a stable `code` and its `params` (a state error names its `reason`).
 * The English `message` API tokens read is worded from code and params in one place
 * (`error-messages.ts`), when the failure is read, never in a service; a sentence passed to the
 * constructor is only a fallback for a code the catalogue does not know yet.
 */
export class DomainError extends Error {
  readonly code: string = 'DOMAIN_ERROR';
  readonly params: ErrorParams;
  constructor(paramsOrFallback: ErrorParams | string = {}, params: ErrorParams = {}) {
    super();
    this.name = new.target.name;
    const fallback = typeof paramsOrFallback === 'string' ? paramsOrFallback : undefined;
    this.params = typeof paramsOrFallback === 'string' ? params : { ...paramsOrFallback, ...params };
    // The subclass sets `code` after this constructor has run, so the message is worded when read.
    Object.defineProperty(this, 'message', {
      get: () => englishMessage(this.code, this.params, fallback),
      enumerable: false,
      configurable: true,
    });
  }
}

/** The thing asked for does not exist or the caller may not see it (the two are deliberately indistinguishable). */
export class NotFoundError extends DomainError {
  override readonly code: string = 'NOT_FOUND';
  constructor(readonly entity: string) {
    super({ entity });
  }
}

/** The caller is signed in but their role or scope does not allow this. */
export class ForbiddenError extends DomainError {
  override readonly code: string = 'FORBIDDEN';
  /** `reason` names the rule that refused (e.g. NOT_APPROVED_FOR_LEVEL) when a plain refusal says too little. */
  constructor(reasonOrParams?: Uppercase<string> | ErrorParams, params: ErrorParams = {}) {
    super(typeof reasonOrParams === 'string' ? { reason: reasonOrParams, ...params } : { ...reasonOrParams, ...params });
  }
}

/** The request needs a signed-in user or a valid API token. */
export class UnauthenticatedError extends DomainError {
  override readonly code: string = 'UNAUTHENTICATED';
  constructor() {
    super();
  }
}

/**
 * One invalid field: `code` is stable (e.g. TOO_SMALL, RESIDENT_ID_CHECK_DIGIT), `params` carry what the
 * portal needs to word it, `message` is the English fallback for API tokens.
 */
export type FieldIssue = { path: string[]; message: string; code?: string; params?: ErrorParams };

/** A field issue from its code and parameters, worded in English from the catalogue. */
export const fieldIssue = (path: string[], code: string, params: ErrorParams = {}): FieldIssue => ({
  path,
  code,
  params,
  message: englishFieldMessage(code, params),
});

/** Generic code for a field issue raised without a specific one. */
export const INVALID_FIELD = 'INVALID';

/** Input broke a rule; `fields` names every offending field by its path in the input. */
export class InputValidationError extends DomainError {
  override readonly code: string = 'INVALID_INPUT';
  constructor(readonly fields: FieldIssue[]) {
    super(fields.map((f) => `${f.path.join('.')}: ${f.message}`).join('; ') || 'Invalid input');
  }
  /** One invalid field by code and parameters (REQUIRED, DATE_IN_FUTURE, REGION_UNKNOWN ...). */
  static at(path: string[], code: string, params: ErrorParams = {}): InputValidationError {
    return new InputValidationError([fieldIssue(path, code, params)]);
  }
}

/** The change conflicts with data already there (a duplicate, a stale version, a rule about state). */
export class ConflictError extends DomainError {
  override readonly code: string = 'CONFLICT';
  /** `reason` is a stable code for which rule of state refused (e.g. CLAIM_ALREADY_SUBMITTED). */
  constructor(reasonOrParams?: Uppercase<string> | ErrorParams, params: ErrorParams = {}) {
    super(typeof reasonOrParams === 'string' ? { reason: reasonOrParams, ...params } : { ...reasonOrParams, ...params });
  }
}

/**
 * The action does not fit where its object is in its lifecycle (a claim already paid, a session not yet
 * held); the one state error of every module, so that the portal words WRONG_STATE once.
 */
export class WrongStateError extends ConflictError {
  override readonly code: string = 'WRONG_STATE';
}
