import { ConflictError } from '../../graphql/errors.ts';

/** Only a failed job is retried; one pending, running or done is left to finish as it is. */
export class JobNotFailedError extends ConflictError {
  override readonly code: string = 'JOB_NOT_FAILED';
  constructor(status: string) {
    super({ status });
  }
}
