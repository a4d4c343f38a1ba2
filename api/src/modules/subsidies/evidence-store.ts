import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { env } from '../../config/env.ts';
import { InputValidationError } from '../../graphql/errors.ts';

/** Where evidence bytes live. Content-addressed (SHA-256), so storing a file twice stores it once. */
export interface EvidenceStore {
  put(sha256: string, content: Buffer): Promise<void>;
  get(sha256: string): Promise<Buffer>;
}

/** Files on a local disk or a mounted volume; an object-store implementation has the same two methods. */
export class DiskEvidenceStore implements EvidenceStore {
  constructor(private readonly dir: string) {}
  private path(sha256: string) {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }
  async put(sha256: string, content: Buffer) {
    const target = this.path(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const partial = `${target}.${process.pid}.partial`;
    await writeFile(partial, content, { mode: 0o600 });
    await rename(partial, target);
  }
  get(sha256: string) {
    return readFile(this.path(sha256));
  }
}

export const evidenceStore: EvidenceStore = new DiskEvidenceStore(env.EVIDENCE_DIR);

export const EVIDENCE_MAX_BYTES = 3 * 1024 * 1024;

// Types are judged by the bytes, not the name: a renamed executable is not a PDF.
const SIGNATURES: { mimeType: string; ext: RegExp; magic: number[] }[] = [
  { mimeType: 'application/pdf', ext: /\.pdf$/i, magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mimeType: 'image/jpeg', ext: /\.jpe?g$/i, magic: [0xff, 0xd8, 0xff] },
  { mimeType: 'image/png', ext: /\.png$/i, magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** Checks an upload is a PDF, JPEG or PNG of at most 3 MB whose name matches its content; returns its type and hash. */
export function inspectEvidence(fileName: string, content: Buffer): { mimeType: string; sha256: string } {
  const path = ['input', 'contentBase64'];
  if (content.length === 0) throw InputValidationError.at(path, 'FILE_EMPTY');
  if (content.length > EVIDENCE_MAX_BYTES) throw InputValidationError.at(path, 'FILE_TOO_LARGE', { maxMb: 3 });
  const kind = SIGNATURES.find((s) => s.magic.every((byte, i) => content[i] === byte));
  if (!kind) throw InputValidationError.at(path, 'FILE_TYPE_NOT_ALLOWED');
  if (!kind.ext.test(fileName)) throw InputValidationError.at(['input', 'fileName'], 'FILE_NAME_MISMATCH', { mimeType: kind.mimeType });
  return { mimeType: kind.mimeType, sha256: createHash('sha256').update(content).digest('hex') };
}
