// Lint: typescript-eslint's recommended rules, eslint-plugin-regexp on every
// script (TypeScript and JavaScript alike), and the boundary of the pure
// analysis core: it imports neither `vscode`, `vscode-languageserver*` nor
// Node built-ins, so that it can run in a browser worker; the web extension's
// code (its client, the server as a web worker, and what they share with the
// Node entries) imports no Node built-in either (test/unit/webBundle.test.ts
// checks the bundles themselves); and no import circle in the server's and
// client's code (eslint-plugin-import-x's no-cycle; it follows value imports,
// as type-only imports vanish from the bundles).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import regexp from 'eslint-plugin-regexp';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.e2e/**', 'test-results/**', 'server/src/analysis/generated/**'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // Manifests, configurations and file names come from strangers: every regular expression, in
  // TypeScript and in the JavaScript scripts, is checked for super-linear backtracking and moves.
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    extends: [regexp.configs['flat/recommended']],
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      // Style rules of the recommended set, off: the validation patterns are the Kubernetes
      // source's own format strings (`[a-z0-9]([-a-z0-9]*[a-z0-9])?`), kept character for
      // character comparable with it rather than rewritten with \w, the i flag or (?:).
      'regexp/prefer-w': 'off',
      'regexp/use-ignore-case': 'off',
      'regexp/no-unused-capturing-group': 'off',
    },
  },
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // What the web bundles are made of, besides the analysis core (scripts/bundles.mjs).
    files: [
      'client/src/browser/**/*.ts',
      'client/src/common.ts',
      'server/src/browser/**/*.ts',
      'server/src/server.ts',
      'server/src/runtime.ts',
      'server/src/protocol.ts',
      'server/src/editorProject.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((n) => ({ name: n, message: 'The web extension runs in a browser: no Node built-ins.' })),
          patterns: [
            { group: ['node:*'], message: 'The web extension runs in a browser: no Node built-ins.' },
            { group: ['vscode-languageclient/node', 'vscode-languageserver/node', 'vscode-languageserver-protocol/node'], message: 'The Node entry of an LSP library: use the common or browser one.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'No process in a browser.' }, { name: 'Buffer', message: 'No Buffer in a browser.' }, { name: '__dirname', message: 'No __dirname in a browser.' }, { name: 'require', message: 'Use imports.' }],
    },
  },
  {
    files: ['server/src/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', 'fs', 'path', 'process', 'os', 'child_process', 'worker_threads'].flatMap((n) => [
            { name: n, message: 'The analysis core is pure: no editor or Node imports.' },
          ]),
          patterns: [
            { group: ['vscode-languageserver*', 'vscode-languageclient*', 'node:*'], message: 'The analysis core is pure: no LSP or Node imports.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'The analysis core is pure: no process.' }, { name: 'require', message: 'Use imports.' }],
    },
  },
);
