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
