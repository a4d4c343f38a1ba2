import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import pLimit from 'p-limit';

// argon2id takes a core for tens of milliseconds by design. Run at most one hash fewer than there are
// cores (at least one) at a time, so a burst of sign-ins queues behind itself instead of starving
// every other request of CPU.
const hashing = pLimit(Math.max(1, availableParallelism() - 1));

// argon2id with the library defaults (m=19456 KiB, t=2, p=1), which match OWASP's recommendation.
export function hashPassword(password: string): Promise<string> {
  return hashing(() => hash(password));
}

export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return hashing(() => verify(stored, password));
}
