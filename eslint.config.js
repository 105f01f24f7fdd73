// Lint rules. The layers keep each folder to where its code may run and to
// what it may depend on; they are checked (eslint/layers.js), and
// test/unit/lintLayers.test.ts proves that they refuse what they should.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { layersRule } from './eslint/layers.js';

/** Each folder, what it may import, and why. Lower layers never import higher ones. */
const LAYERS = [
  {
    folder: 'shared',
    mayImport: [],
    node: false,
    electron: false,
    packages: ['valibot'],
    why: 'shared/ is imported by every layer, the renderer too: no other folder, no Node, no Electron.',
  },
  {
    folder: 'electron/engine',
    mayImport: ['shared'],
    node: true,
    electron: false,
    packages: '*',
    why: 'the protocol engine runs in the CLI and in worker threads: never the host, shell, cli, main or Electron.',
  },
  {
    folder: 'electron/host',
    mayImport: ['shared', 'electron/engine'],
    node: true,
    electron: false,
    packages: '*',
    why: 'the host logic serves Electron and the browser shell alike: never the shell, cli, main or Electron.',
  },
  {
    folder: 'electron/shell',
    mayImport: ['shared', 'electron/engine', 'electron/host'],
    node: true,
    electron: false,
    packages: '*',
    why: 'the browser shell carries the host’s contract and runs without Electron; the CLI starts it, never the reverse.',
  },
  {
    folder: 'electron/cli',
    mayImport: ['shared', 'electron/engine', 'electron/host', 'electron/shell'],
    node: true,
    electron: false,
    packages: '*',
    why: 'the command line runs without Electron.',
  },
  {
    folder: 'electron/main',
    mayImport: ['shared', 'electron/engine', 'electron/host'],
    node: true,
    electron: true,
    packages: '*',
    why: 'the Electron layer is thin: it hands calls to the host.',
  },
  {
    folder: 'electron/preload',
    mayImport: ['shared'],
    node: false,
    electron: true,
    packages: [],
    why: 'the sandboxed preload is bundled from shared/ and electron alone.',
  },
  {
    folder: 'renderer',
    mayImport: ['shared'],
    node: false,
    electron: false,
    packages: ['react', 'react-dom', 'zustand'],
    why: 'the renderer runs in a browser and reaches the host only through the ZeroDropApi of shared/.',
  },
];

export default tseslint.config(
  { ignores: ['.tmp/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { zerodrop: { rules: { layers: layersRule } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'zerodrop/layers': ['error', LAYERS],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
);
