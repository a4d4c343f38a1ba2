/** Base of every expected failure. Its message is safe to show to the caller. */
export class DomainError extends Error {
  readonly code: string = 'DOMAIN_ERROR';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
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

export type FieldIssue = { path: string[]; message: string };

/** Input broke a rule; `fields` names every offending field by its path in the input. */
export class InputValidationError extends DomainError {
  override readonly code: string = 'INVALID_INPUT';
  constructor(readonly fields: FieldIssue[]) {
    super(fields.map((f) => `${f.path.join('.')}: ${f.message}`).join('; ') || 'Invalid input');
  }
  static field(path: string[], message: string): InputValidationError {
    return new InputValidationError([{ path, message }]);
  }
}

/** The change conflicts with data already there (a duplicate, a stale version, a rule about state). */
export class ConflictError extends DomainError {
  override readonly code: string = 'CONFLICT';
}
