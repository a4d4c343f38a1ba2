import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * zxcvbn's score, 0 to 4; from 3 a password resists an offline attack on a slow hash. Below it are the
 * breached and common passwords of its lists (ASVS 5.0 V6.2.4) and the patterns people reach for to
 * pass a length rule: repeats (`pw2pw2pw2pw2`), keyboard walks, sequences, a word and a year.
 */
export const PASSWORD_MIN_SCORE = 3;

let factory: ZxcvbnFactory | null = null;

/** How guessable a new password is. The dictionaries are loaded on first use, not at start-up. */
export function passwordScore(password: string): number {
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return factory.check(password).score;
}
