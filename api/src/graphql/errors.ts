/**
 * Parameters of an expected failure (limits, found values, rule names): the portal words the failure
 * from its code and these, in Chinese or English; the message is an English fallback for other systems.
 */
export type ErrorParams = Record<string, string | number>;

/** Base of every expected failure. Its message is safe to show to the caller. */
export class DomainError extends Error {
  readonly code: string = 'DOMAIN_ERROR';
  readonly params: ErrorParams;
  constructor(message: string, params: ErrorParams = {}) {
    super(message);
    this.name = new.target.name;
    this.params = params;
  }
}

/** The thing asked for does not exist or the caller may not see it (the two are deliberately indistinguishable). */
export class NotFoundError extends DomainError {
  override readonly code: string = 'NOT_FOUND';
  constructor(readonly entity: string) {
    super(`${entity} not found`);
  }
}

/** The caller is signed in but their role or scope does not allow this. */
export class ForbiddenError extends DomainError {
  override readonly code: string = 'FORBIDDEN';
  constructor(message = 'You are not allowed to do this') {
    super(message);
  }
}

/** The request needs a signed-in user or a valid API token. */
export class UnauthenticatedError extends DomainError {
  override readonly code: string = 'UNAUTHENTICATED';
  constructor() {
    super('Sign in first');
  }
}

/**
 * One invalid field: `code` is stable (e.g. TOO_SMALL, RESIDENT_ID_CHECK_DIGIT), `params` carry what the
 * portal needs to word it, `message` is the English fallback for API tokens.
 */
export type FieldIssue = { path: string[]; message: string; code?: string; params?: ErrorParams };

/** Generic code for a field issue raised without a specific one. */
export const INVALID_FIELD = 'INVALID';

/** Input broke a rule; `fields` names every offending field by its path in the input. */
export class InputValidationError extends DomainError {
  override readonly code: string = 'INVALID_INPUT';
  constructor(readonly fields: FieldIssue[]) {
    super(fields.map((f) => `${f.path.join('.')}: ${f.message}`).join('; ') || 'Invalid input');
  }
  static field(path: string[], message: string, code: string = INVALID_FIELD, params?: ErrorParams): InputValidationError {
    return new InputValidationError([{ path, message, code, params }]);
  }
}

/** The change conflicts with data already there (a duplicate, a stale version, a rule about state). */
export class ConflictError extends DomainError {
  override readonly code: string = 'CONFLICT';
}

/**
 * The action does not fit where its object is in its lifecycle (a claim already paid, a session not yet
 * held); the one state error of every module, so that the portal words WRONG_STATE once.
 */
export class WrongStateError extends ConflictError {
  override readonly code: string = 'WRONG_STATE';
}
