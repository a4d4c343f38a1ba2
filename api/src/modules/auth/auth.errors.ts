import { DomainError } from '../../graphql/errors.ts';

/** Wrong username or password; deliberately does not say which. */
export class InvalidCredentialsError extends DomainError {
  override readonly code: string = 'INVALID_CREDENTIALS';
  constructor() {
    super();
  }
}

/** Too many failed sign-ins for this account or address; try again after `retryAfterSeconds`. */
export class TooManyAttemptsError extends DomainError {
  override readonly code: string = 'TOO_MANY_ATTEMPTS';
  constructor(readonly retryAfterSeconds: number) {
    super({ retryAfterSeconds });
  }
}

/** The action needs the password entered again (see REAUTHENTICATION_WINDOW_MS); call `reauthenticate`, then retry. */
export class ReauthenticationRequiredError extends DomainError {
  override readonly code: string = 'REAUTHENTICATION_REQUIRED';
  constructor() {
    super();
  }
}

import { ConflictError, ForbiddenError } from '../../graphql/errors.ts';

/** Another account already has this login name. */
export class UsernameTakenError extends ConflictError {
  override readonly code: string = 'USERNAME_TAKEN';
  constructor(username: string) {
    super({ username });
  }
}

/**
 * An admin may not disable their own account nor take away their own admin role: the last admin
 * doing so would leave nobody able to undo it.
 */
export class OwnAccountError extends ForbiddenError {
  override readonly code: string = 'OWN_ACCOUNT';
  constructor() {
    super();
  }
}
