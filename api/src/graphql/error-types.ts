import { builder } from './builder.ts';
import { ConflictError, DomainError, ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from './errors.ts';

// Every expected failure implements `Error`; mutation results are unions of a success type and these.
export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'An expected failure whose message is safe to show.',
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code', { description: 'Stable machine-readable code, e.g. NOT_FOUND.' }),
  }),
});

builder.objectType(DomainError, {
  name: 'BaseError',
  description: 'A rule of the domain was not met; the message says which.',
  interfaces: [ErrorInterface],
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'The record does not exist or is not visible to the caller.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ entity: t.exposeString('entity') }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'The caller may not do this.',
  interfaces: [ErrorInterface],
});

builder.objectType(UnauthenticatedError, {
  name: 'UnauthenticatedError',
  description: 'Sign in or send a valid API token first.',
  interfaces: [ErrorInterface],
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The change conflicts with existing data.',
  interfaces: [ErrorInterface],
});

const FieldIssue = builder
  .objectRef<{ path: string[]; message: string }>('FieldIssue')
  .implement({
    description: 'One invalid input field: its path within the arguments and what is wrong.',
    fields: (t) => ({
      path: t.exposeStringList('path'),
      message: t.exposeString('message'),
    }),
  });

builder.objectType(InputValidationError, {
  name: 'InputValidationError',
  description: 'One or more input fields are invalid; nothing was written.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fields: t.field({ type: [FieldIssue], resolve: (e) => e.fields }) }),
});
