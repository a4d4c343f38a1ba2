import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { verifyPassword } from '../../api/src/modules/auth/password.ts';
import { SESSION_SETTINGS } from '../../api/src/db/session-settings.ts';

/**
 * The hand-written baseline: node:http and one pg pool, one SQL statement per request that builds the
 * whole JSON answer with json_agg (or, for login, one primary-key query and one argon2id hash). It
 * checks the API token like the API does (row by id, SHA-256 of the secret compared in constant
 * time) inside the same statement, so both sides pay for authentication.
 */
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  options: SESSION_SETTINGS,
});

const dateOf = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
const globalId = (type: string, column: string) => `encode(convert_to('${type}:' || ${column}, 'UTF8'), 'base64')`;

/** The same fields, order and shape as the GraphQL documents in scenario-list.ts. */
const CAREGIVER_JSON = `json_build_object(
  'id', ${globalId('Caregiver', 'p.id')}, 'name', p.name, 'residentIdMasked', p."residentIdMasked", 'gender', p.gender, 'birthDate', ${dateOf('p."birthDate"')},
  'certificates', (SELECT coalesce(json_agg(json_build_object('number', c.number, 'issuedOn', ${dateOf('c."issuedOn"')}, 'status', c.status, 'level', json_build_object('code', l.code))
                   ORDER BY c."issuedOn" DESC, c.id DESC), '[]') FROM "Certificate" c JOIN "SkillLevel" l ON l.id = c."levelId" WHERE c."caregiverId" = p.id),
  'enrolments', (SELECT coalesce(json_agg(json_build_object('status', e.status, 'completedOn', ${dateOf('e."completedOn"')}) ORDER BY e."createdAt" DESC, e.id DESC), '[]')
                 FROM "Enrolment" e WHERE e."caregiverId" = p.id))`;

const SESSION = `(SELECT "secretHash" FROM "ApiToken" WHERE id = $1 AND "revokedAt" IS NULL AND "expiresAt" > now()) AS hash`;

const LIST_SQL = `
  SELECT ${SESSION}, (
    SELECT json_build_object('caregivers', json_build_object('edges', coalesce(json_agg(json_build_object('node', ${CAREGIVER_JSON}) ORDER BY p.name, p.id), '[]')))
    FROM (SELECT * FROM "Caregiver" ORDER BY name, id LIMIT $2) p
  ) AS data`;

const ONE_SQL = `SELECT ${SESSION}, (SELECT json_build_object('caregiver', ${CAREGIVER_JSON}) FROM "Caregiver" p WHERE p.id = $2::uuid) AS data`;

/** The API token of a request without `Bearer ` and the token prefix: `<id>.<secret>`. */
const bearerOf = (header: string | undefined) => (header ?? '').replace(/^Bearer\s+/i, '').replace(/^cct_/, '');

function authorised(token: string | undefined, hash: Buffer | null): boolean {
  const [id, secret] = bearerOf(token).split('.');
  if (!id || !secret || !hash) return false;
  return timingSafeEqual(createHash('sha256').update(secret).digest(), hash);
}

async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, payload: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const body = await bodyOf(req);
  const token = req.headers.authorization;
  const sessionId = bearerOf(token).split('.')[0] ?? '';
  if (req.url === '/login') {
    const { rows } = await pool.query<{ passwordHash: string }>('SELECT "passwordHash" FROM "User" WHERE username = $1', [body.username]);
    const ok = rows[0] ? await verifyPassword(rows[0].passwordHash, String(body.password)) : false;
    return send(res, ok ? 200 : 401, { ok });
  }
  const [sql, param] =
    req.url === '/list'
      ? [LIST_SQL, Number(body.first)]
      : [ONE_SQL, Buffer.from(String(body.id), 'base64').toString('utf8').split(':')[1] ?? ''];
  const { rows } = await pool.query<{ hash: Buffer | null; data: unknown }>(sql, [sessionId, param]);
  if (!authorised(token, rows[0]?.hash ?? null)) return send(res, 401, { errors: [{ message: 'unauthenticated' }] });
  send(res, 200, { data: rows[0]!.data });
}

createServer((req, res) => {
  handle(req, res).catch((error: unknown) => send(res, 500, { errors: [{ message: String(error) }] }));
}).listen(Number(process.env.PLAIN_PORT), '127.0.0.1');
