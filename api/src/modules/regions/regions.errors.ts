import { ConflictError } from '../../graphql/errors.ts';

/** The region code is already in use. */
export class RegionCodeTakenError extends ConflictError {
  override readonly code: string = 'REGION_CODE_TAKEN';
  constructor(code: string) {
    super({ code });
  }
}
