import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * zxcvbn's score, 0 to 4; from 3 a password resists an offline attack on a slow hash. Below it are the
 * breached and common passwords of its lists (ASVS 5.0 V6.2.4) and the patterns people reach for to
 * pass a length rule: repeats (`pw2pw2pw2pw2`), keyboard walks, sequences, a word and a year.
 */
export const PASSWORD_MIN_SCORE = 3;

let factory: ZxcvbnFactory | null = null;

const load = createRequire(import.meta.url);

/**
 * How guessable a new password is. zxcvbn and its dictionaries (megabytes of heap) are loaded on the
 * first password set, not by every API process at start; synchronously, as zod refinements are.
 */
export function passwordScore(password: string): number {
  if (!factory) {
    const { ZxcvbnFactory } = load('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const { adjacencyGraphs, dictionary } = load('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    factory = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  }
  return factory.check(password).score;
}
