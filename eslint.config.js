// Lint rules; the import bans keep each folder to where its code may run.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'net', 'http'];

export default tseslint.config(
  { ignores: ['.tmp/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine, the host logic, the CLI and the browser shell run without Electron.
    files: ['electron/engine/**', 'electron/host/**', 'electron/cli/**', 'electron/shell/**', 'shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron.' }] }],
    },
  },
  {
    // shared/ and the renderer also run in a browser.
    files: ['shared/**', 'renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches the host only through the ZeroDropApi.' }],
          patterns: [{ group: nodeBuiltins, message: 'shared/ and renderer/ run in a browser: no Node modules.' }],
        },
      ],
    },
  },
);
