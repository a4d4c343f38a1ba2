import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { env } from '../config/env.ts';
import { z } from 'zod';
import { InputValidationError } from '../graphql/errors.ts';
import { coded } from '../graphql/zod-issues.ts';

/**
 * Where uploaded bytes live (claim evidence, holder photos, seals). Content-addressed (SHA-256), so
 * storing a file twice stores it once.
 */
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

export type UploadType = 'application/pdf' | 'image/jpeg' | 'image/png';

// Types are judged by the bytes, not the name: a renamed executable is not a PDF.
// `label` is the file extension named in a refusal's `allowed` parameter.
const SIGNATURES: { mimeType: UploadType; label: string; ext: RegExp; magic: number[] }[] = [
  { mimeType: 'application/pdf', label: 'pdf', ext: /\.pdf$/i, magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mimeType: 'image/jpeg', label: 'jpg', ext: /\.jpe?g$/i, magic: [0xff, 0xd8, 0xff] },
  { mimeType: 'image/png', label: 'png', ext: /\.png$/i, magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/**
 * Checks an upload is one of `allowed` (by its first bytes), not empty, at most `maxBytes`, and named
 * like its content; returns its type and hash. Failures name the field (`input.contentBase64` or
 * `input.fileName`) with the limit or the allowed types as parameters.
 */
export function inspectUpload(
  fileName: string,
  content: Buffer,
  allowed: readonly UploadType[],
  maxBytes: number,
): { mimeType: UploadType; sha256: string } {
  const path = ['input', 'contentBase64'];
  if (content.length === 0) throw InputValidationError.at(path, 'FILE_EMPTY');
  if (content.length > maxBytes)
    throw InputValidationError.at(path, 'FILE_TOO_LARGE', { maxMb: Math.round((maxBytes / 1024 / 1024) * 10) / 10 });
  const kind = SIGNATURES.find((s) => allowed.includes(s.mimeType) && s.magic.every((byte, i) => content[i] === byte));
  if (!kind) {
    const labels = SIGNATURES.filter((s) => allowed.includes(s.mimeType)).map((s) => s.label);
    // Evidence keeps its historical code; narrower uploads say which types they take.
    if (allowed.length === SIGNATURES.length) throw InputValidationError.at(path, 'FILE_TYPE_NOT_ALLOWED');
    throw InputValidationError.at(path, 'IMAGE_TYPE_NOT_ALLOWED', { allowed: labels.join(',') });
  }
  if (!kind.ext.test(fileName)) throw InputValidationError.at(['input', 'fileName'], 'FILE_NAME_MISMATCH', { mimeType: kind.mimeType });
  return { mimeType: kind.mimeType, sha256: createHash('sha256').update(content).digest('hex') };
}

/** Checks a claim evidence upload: a PDF, JPEG or PNG of at most 3 MB whose name matches its content. */
export function inspectEvidence(fileName: string, content: Buffer): { mimeType: string; sha256: string } {
  return inspectUpload(fileName, content, ['application/pdf', 'image/jpeg', 'image/png'], EVIDENCE_MAX_BYTES);
}

/** Photos and seals are printed small: 1 MB is ample for a 300 dpi passport photo or a seal. */
export const IMAGE_MAX_BYTES = 1024 * 1024;

/** An upload's content as base64, refused before decoding when it cannot be under `maxBytes` (FILE_TOO_LARGE). */
export const zBase64Upload = (maxBytes: number) =>
  z
    .string()
    .refine(
      (v) => v.length <= Math.ceil((maxBytes * 4) / 3) + 4,
      coded('FILE_TOO_LARGE', { maxMb: Math.round((maxBytes / 1024 / 1024) * 10) / 10 }),
    )
    .refine((v) => /^[A-Za-z0-9+/]*={0,2}$/.test(v), coded('NOT_BASE64'));
