import { z } from 'zod';

// One parse of the environment at start-up, so a bad setting fails loudly before any request.
const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** PostgreSQL URL; without it the embedded PGlite database under PGLITE_DIR is used. */
  DATABASE_URL: z.string().url().optional(),
  /** Directory of the embedded database, or `memory://` for a throw-away one. */
  // pnpm runs scripts inside the package folder; INIT_CWD is where the command was typed (the repo root).
  PGLITE_DIR: z.string().default(`${process.env.INIT_CWD ?? process.cwd()}/.data/pglite`),
  /** Redis URL for BullMQ; without it jobs run in the API process. */
  REDIS_URL: z.string().url().optional(),
  API_PORT: z.coerce.number().int().positive().default(4000),
  API_HOST: z.string().default('0.0.0.0'),
  /** The portal's public origin: allowed to send state-changing browser requests, and where QR codes on certificates point. */
  WEB_ORIGIN: z.string().default('http://localhost:5173'),
  /**
   * The public certificate verification page printed as the QR code on certificates, e.g.
   * https://zs.example.gov.cn/verify; unset: WEB_ORIGIN/verify. Production refuses to print with a
   * loopback (localhost, 127.x) or bare host name address.
   */
  PUBLIC_VERIFY_URL: z.string().url().optional(),
  /** Test rigs only: a production build serving on 127.0.0.1 may print its own address as the QR code. */
  VERIFY_URL_ALLOW_LOCAL: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
  /** 32-byte keys, base64. Development falls back to fixed demo keys; production requires them. */
  DATA_ENCRYPTION_KEY: z.string().optional(),
  DATA_ENCRYPTION_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,8}$/, 'up to 8 letters, digits, - or _')
    .default('k1'),
  /** Keys that only decrypt, after a rotation: `id:base64key,id:base64key`. */
  DATA_ENCRYPTION_RETIRED_KEYS: z.string().optional(),
  BLIND_INDEX_KEY: z.string().optional(),
  /**
   * Proxies in front of the API whose X-Forwarded-For entries are believed: the client address is the
   * entry this many from the right. 0 (default): only loopback (the portal on the same host) is believed, for one hop.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Requests per minute allowed to one client address (anonymous callers and portal sessions). */
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Requests per minute allowed to one API token. */
  RATE_LIMIT_TOKEN_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  /** Ed25519 seed (32 bytes, base64) that signs verifiable credentials; required in production. */
  CREDENTIAL_SIGNING_KEY: z.string().optional(),
  CREDENTIAL_KEY_ID: z.string().default('carecert-2026'),
  /** The API's public address, used in credentials to point at the issuer profile and the status list. */
  PUBLIC_API_URL: z.string().url().default('http://localhost:4000'),
  /** Directory holding claim evidence files (contracts, diplomas), named by their SHA-256. */
  EVIDENCE_DIR: z.string().default(`${process.env.INIT_CWD ?? process.cwd()}/.data/evidence`),
  /**
   * CJK font for PDF certificates (.ttf, .otf or .ttc); unset: the first Noto Sans CJK / WenQuanYi
   * font found in the usual Linux font folders. For a .ttc, CERTIFICATE_FONT_FACE names the face.
   */
  CERTIFICATE_FONT: z.string().optional(),
  /** PostScript name of the face inside a .ttc collection, e.g. NotoSansCJKsc-Regular. */
  CERTIFICATE_FONT_FACE: z.string().optional(),
  /** Where the worker serves `/metrics` (the API serves it on its own port). */
  METRICS_PORT: z.coerce.number().int().positive().default(9464),
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** When set, `/metrics` needs `Authorization: Bearer <token>`; unset, only loopback may read it. */
  METRICS_TOKEN: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof ZEnv>;

export const env: Env = ZEnv.parse(process.env);

export const isProduction = env.NODE_ENV === 'production';
