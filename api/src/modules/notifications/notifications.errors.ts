import { ConflictError, DomainError } from '../../graphql/errors.ts';

/** A receiver did not answer 2xx; the job fails this attempt so the queue retries it with back-off. */
export class WebhookDeliveryFailedError extends DomainError {
  override readonly code: string = 'WEBHOOK_DELIVERY_FAILED';
  constructor(failure: string) {
    super({ failure });
  }
}

/** An SMS provider refused a message or could not be reached. */
export class SmsSendFailedError extends DomainError {
  override readonly code: string = 'SMS_SEND_FAILED';
  constructor(failure: string) {
    super({ failure });
  }
}

/** A replay of a delivery to an endpoint that was disabled; enable it first. */
export class WebhookEndpointDisabledError extends ConflictError {
  override readonly code: string = 'WEBHOOK_ENDPOINT_DISABLED';
  constructor() {
    super();
  }
}
