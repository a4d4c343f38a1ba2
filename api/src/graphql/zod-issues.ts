import type { z } from 'zod';
import { englishFieldMessage, hasEnglishFieldMessage } from './error-messages.ts';
import type { ErrorParams, FieldIssue } from './errors.ts';

type ZodIssue = z.core.$ZodIssue;

/**
 * A zod issue as a field issue with a stable code: zod's own code upper-cased (TOO_SMALL, INVALID_TYPE,
 * INVALID_FORMAT ...) with its limits as parameters, or, for a refinement, the code it names in
 * `params.code` (`.refine(fn, { message, params: { code: 'RESIDENT_ID_CHECK_DIGIT' } })`).
 */
export function fieldIssueFromZod(issue: ZodIssue, prefix: readonly string[] = []): FieldIssue {
  const path = [...prefix, ...issue.path.map((p) => String(p))];
  const params: ErrorParams = {};
  let code = String(issue.code ?? 'invalid').toUpperCase();
  switch (issue.code) {
    case 'too_small':
      // An empty string or list where one is needed: the person left the field out.
      if (Number(issue.minimum) === 1 && (issue.origin === 'string' || issue.origin === 'array')) {
        code = 'REQUIRED';
        break;
      }
      params.minimum = Number(issue.minimum);
      params.origin = issue.origin;
      if (issue.inclusive === false) params.exclusive = 1;
      break;
    case 'too_big':
      params.maximum = Number(issue.maximum);
      params.origin = issue.origin;
      if (issue.inclusive === false) params.exclusive = 1;
      break;
    case 'invalid_type':
      // zod says "received undefined" where the value is missing.
      if (/received undefined/.test(issue.message)) code = 'REQUIRED';
      else params.expected = issue.expected;
      break;
    case 'invalid_format':
      params.format = issue.format;
      break;
    case 'not_multiple_of':
      params.divisor = Number(issue.divisor);
      break;
    case 'invalid_value':
      params.values = issue.values.map(String).join(',');
      break;
    case 'unrecognized_keys':
      params.keys = issue.keys.join(',');
      break;
    case 'custom': {
      const custom = (issue.params ?? {}) as Record<string, unknown>;
      if (typeof custom.code === 'string') code = custom.code;
      for (const [k, v] of Object.entries(custom)) if (k !== 'code' && (typeof v === 'string' || typeof v === 'number')) params[k] = v;
      break;
    }
  }
  // The English fallback: a schema's own wording where it gave one (it says more than a limit does), else
  // the catalogue's for the code instead of zod's generic default, else whatever zod said.
  const zodDefault = /^(Invalid|Too (small|big)|Expected|Unrecognized)/.test(issue.message);
  return { path, code, params, message: zodDefault && hasEnglishFieldMessage(code) ? englishFieldMessage(code, params) : issue.message };
}

/**
 * Options of a `.refine()` that raises a stable code with its parameters; the English words come from
 * the catalogue (error-messages.ts): `.refine((d) => d > now, coded('DATE_NOT_IN_FUTURE'))`.
 */
export const coded = (code: string, params: ErrorParams = {}, path?: (string | number)[]) => ({
  message: englishFieldMessage(code, params),
  params: { code, ...params },
  ...(path ? { path } : {}),
});
