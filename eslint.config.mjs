// Lint: typescript-eslint's recommended rules, and the boundary of the pure
// analysis core: it imports neither `vscode`, `vscode-languageserver*` nor
// Node built-ins, so that it can run in a browser worker.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.e2e/**', 'test-results/**', 'server/src/analysis/generated/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
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
