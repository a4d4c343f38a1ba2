import { ConflictError, ForbiddenError } from '../../graphql/errors.ts';

/** Another organisation is registered under this unified social credit code. */
export class UsccTakenError extends ConflictError {
  override readonly code: string = 'USCC_TAKEN';
  constructor(uscc: string) {
    super({ uscc });
  }
}

/**
 * Civil affairs keeps the registry of care institutions in its own region; other kinds, and other
 * regions, are the admin's.
 */
export class OutsideRegistryScopeError extends ForbiddenError {
  override readonly code: string = 'OUTSIDE_REGISTRY_SCOPE';
  constructor() {
    super();
  }
}
