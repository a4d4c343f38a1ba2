import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { MODULE_DEPENDENCIES } from './api/src/modules/dependencies.js';

const MODULES = Object.keys(MODULE_DEPENDENCIES);
// Infrastructure and the kernel sit below every module: they import none, nor the composition root.
const INFRASTRUCTURE = ['shared', 'graphql', 'db', 'jobs', 'files', 'config', 'observability'];
const upward = {
  group: ['**/modules/**', '**/app/**'],
  message: 'Infrastructure and the kernel import no module and not the composition root (api/src/app); see docs/ARCHITECTURE.md.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/build/**',
      '**/.svelte-kit/**',
      'api/src/generated/**',
      'web/src/lib/graphql/generated/**',
      'test/.artifacts/**',
      '.data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    files: ['web/**/*.{ts,svelte,js}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    // The portal is served at the root (no `paths.base`), so a plain path is the link; resolve() would add nothing.
    rules: {
      'svelte/no-navigation-without-resolve': 'off',
      // Both flag local temporaries (a URLSearchParams built and returned by one function, a Map filled
      // inside a $derived) and the hydrated-flag idiom, none of which is state a page reacts to.
      'svelte/prefer-svelte-reactivity': 'off',
      'svelte/prefer-writable-derived': 'off',
    },
  },
  {
    files: ['web/**/*.svelte', 'web/**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['**/*.{ts,mts,cts}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Imports flow one way: app/ → modules → kernel and infrastructure, and between modules only along
  // the edges declared in api/src/modules/dependencies.js.
  {
    files: INFRASTRUCTURE.map((dir) => `api/src/${dir}/**/*.ts`),
    // Interim: the rate limiter still resolves the viewer itself; it moves behind an injected resolver next.
    ignores: ['api/src/graphql/limits.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [upward] }] },
  },
  ...MODULES.map((module) => ({
    files: [`api/src/modules/${module}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/**'], message: 'Modules do not import the composition root (api/src/app).' },
            ...MODULES.filter((other) => other !== module && !MODULE_DEPENDENCIES[module].includes(other)).map((other) => ({
              group: [`../${other}/**`, `**/modules/${other}/**`],
              message: `${module} may not import ${other}: not among its dependencies in api/src/modules/dependencies.js.`,
            })),
          ],
        },
      ],
    },
  })),
  {
    // Tests read loosely typed GraphQL responses.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
