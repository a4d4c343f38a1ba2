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
