// Lint: typescript-eslint's recommended rules, eslint-plugin-regexp on every
// script (TypeScript and JavaScript alike), and the boundary of the pure
// analysis core: it imports neither `vscode`, `vscode-languageserver*` nor
// Node built-ins, so that it can run in a browser worker; and no import circle
// in the server's and client's code (eslint-plugin-import-x's no-cycle; it
// follows value imports, as type-only imports vanish from the bundles).
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
