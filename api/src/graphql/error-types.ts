import { builder } from './builder.ts';
import {
  ConflictError,
  DomainError,
  type ErrorParams,
  type FieldIssue,
  ForbiddenError,
  INVALID_FIELD,
  InputValidationError,
  NotFoundError,
  UnauthenticatedError,
} from './errors.ts';

export const ErrorParam = builder.objectRef<[string, string | number]>('ErrorParam').implement({
  description: 'One parameter of a failure (a limit, the value found, a rule), for wording it from its code.',
  fields: (t) => ({
    name: t.string({ resolve: ([name]) => name }),
    value: t.string({ resolve: ([, value]) => String(value) }),
  }),
});

export const paramList = (params: ErrorParams | undefined) => Object.entries(params ?? {});

// Every expected failure implements `Error`; mutation results are unions of a success type and these.
export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'An expected failure whose message is safe to show.',
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code', { description: 'Stable machine-readable code, e.g. NOT_FOUND.' }),
    params: t.field({
      type: [ErrorParam],
      description: 'What the code needs to be worded: limits, values found, rules.',
      resolve: (e) => paramList(e.params),
    }),
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

const FieldIssue = builder.objectRef<FieldIssue>('FieldIssue').implement({
  description: 'One invalid input field: its path within the arguments, a stable code and its parameters.',
  fields: (t) => ({
    path: t.exposeStringList('path'),
    code: t.string({ description: 'Stable code, e.g. TOO_SMALL or RESIDENT_ID_CHECK_DIGIT.', resolve: (f) => f.code ?? INVALID_FIELD }),
    params: t.field({ type: [ErrorParam], resolve: (f) => paramList(f.params) }),
    message: t.exposeString('message', { description: 'English fallback wording.' }),
  }),
});

builder.objectType(InputValidationError, {
  name: 'InputValidationError',
  description: 'One or more input fields are invalid; nothing was written.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fields: t.field({ type: [FieldIssue], resolve: (e) => e.fields }) }),
});
