import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { MODULE_DEPENDENCIES } from '../../api/src/modules/dependencies.js';
import { describe, expect, it } from 'vitest';
import { root } from '../support/production-system.ts';

// The import boundaries of docs/ARCHITECTURE.md are enforced by ESLint; these are the edges it must refuse.
const eslint = new ESLint({ cwd: root });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    [
      'the kernel importing a module',
      'api/src/shared/probe.ts',
      "import { recordAudit } from '../modules/audit/audit.service.ts';\nexport const x = recordAudit;\n",
    ],
    [
      'the queue importing a module',
      'api/src/jobs/probe.ts',
      "import { purgeExpiredSessions } from '../modules/auth/auth.jobs.ts';\nexport const x = purgeExpiredSessions;\n",
    ],
    [
      'graphql/ importing the composition root',
      'api/src/graphql/probe.ts',
      "import { schema } from '../app/schema.ts';\nexport const x = schema;\n",
    ],
    [
      'a module importing the composition root',
      'api/src/modules/training/probe.ts',
      "import { schema } from '../../app/schema.ts';\nexport const x = schema;\n",
    ],
    [
      'a module importing one it does not depend on',
      'api/src/modules/caregivers/probe.ts',
      "import { releaseDueInstalments } from '../subsidies/instalments.service.ts';\nexport const x = releaseDueInstalments;\n",
    ],
    [
      'training importing directed-training (the cycle that was)',
      'api/src/modules/training/probe.ts',
      "import { STUDENT_ROWS } from '../directed-training/student-import.ts';\nexport const x = STUDENT_ROWS;\n",
    ],
  ])('refuses %s', async (_what, file, code) => {
    expect(await restrictedImports(file, code)).toHaveLength(1);
  });

  it('allows a declared dependency and the kernel', async () => {
    const code =
      "import { recordAudit } from '../audit/audit.service.ts';\nimport { todayInChina } from '../../shared/china-time.ts';\nexport const x = [recordAudit, todayInChina];\n";
    expect(await restrictedImports('api/src/modules/training/probe.ts', code)).toEqual([]);
  });
});

describe('the module map', () => {
  const modules = readdirSync(join(root, 'api/src/modules'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

  it('declares every module’s dependencies, and docs/ARCHITECTURE.md shows the same edges', () => {
    expect(Object.keys(MODULE_DEPENDENCIES).sort()).toEqual(modules);
    const doc = readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8');
    const rows = Object.fromEntries(
      [...doc.matchAll(/^\| `([\w-]+)` \| [^|]+ \| ([^|]+) \|$/gm)].map(([, name, deps]) => [
        name,
        deps!.trim() === '—' ? [] : deps!.split(',').map((d) => d.trim()),
      ]),
    );
    for (const name of modules) expect(rows[name], name).toEqual([...MODULE_DEPENDENCIES[name]!].sort());
  });

  it('gives every module the same role files: types, queries, a service; output types only in .types.ts', () => {
    for (const name of modules) {
      const files = readdirSync(join(root, 'api/src/modules', name));
      expect(files, name).toContain(`${name}.types.ts`);
      expect(files, name).toContain(`${name}.queries.ts`);
      expect(
        files.some((f) => f.endsWith('.service.ts')),
        `${name} has a service`,
      ).toBe(true);
      for (const f of files.filter((f) => /\.(queries|mutations)\.ts$/.test(f))) {
        const text = readFileSync(join(root, 'api/src/modules', name, f), 'utf8');
        expect(text, `${name}/${f} defines an output type`).not.toMatch(
          /builder\s*\.\s*(objectType|objectRef|enumType|unionType|interfaceType|prismaObject|prismaNode|simpleObject)\(/,
        );
      }
    }
  });
});
