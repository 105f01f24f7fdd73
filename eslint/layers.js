// The lint rule behind the folder layers (the table is in eslint.config.js):
// every module a file names — import, export … from, import(), import type,
// require() — is resolved, and must lie in the file's own folder or one its
// layer may use; Node's modules, 'electron' and npm packages are allowed
// per layer. Files outside every layer (tests, benchmarks) are not checked.
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root (this file's folder's parent), whatever folder ESLint runs in. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * @typedef {object} Layer
 * @property {string} folder  relative to the project root, e.g. 'electron/engine'
 * @property {string[]} mayImport  other layers' folders it may import from
 * @property {boolean} node  whether Node's own modules are allowed
 * @property {boolean} electron  whether 'electron' is allowed
 * @property {string[] | '*'} packages  the npm packages allowed ('*': any)
 * @property {string} why  said with every refusal
 */

/** @param {string} file @param {Layer[]} layers */
function layerOf(file, layers) {
  return layers.find((layer) => file === layer.folder || file.startsWith(`${layer.folder}/`));
}

/** 'react-dom/client' → 'react-dom', '@node-rs/crc32/x' → '@node-rs/crc32'. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** What a file of `layer` in `dir` (relative to the root) may not import when it names `specifier`, said for a person; null when it may. */
function refusal(layer, layers, dir, specifier) {
  // An absolute path names a file on one machine only: never a layer.
  if (specifier.startsWith('/')) return specifier;
  if (specifier.startsWith('.')) {
    const target = path.posix.normalize(path.posix.join(dir, specifier));
    const targetLayer = layerOf(target, layers);
    if (targetLayer === layer || (targetLayer && layer.mayImport.includes(targetLayer.folder))) return null;
    return targetLayer?.folder ?? target;
  }
  if (isBuiltin(specifier)) return layer.node ? null : `Node's ${specifier}`;
  if (specifier === 'electron') return layer.electron ? null : 'electron';
  const name = packageOf(specifier);
  return layer.packages === '*' || layer.packages.includes(name) ? null : `the package ${name}`;
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each folder imports only from the layers it may use.' },
    schema: [{ type: 'array' }],
    messages: { refused: '{{folder}} may not import {{target}}: {{why}}' },
  },
  create(context) {
    /** @type {Layer[]} */
    const layers = context.options[0];
    const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
    const layer = layerOf(file, layers);
    if (!layer) return {};
    const dir = path.posix.dirname(file);
    const check = (source) => {
      if (typeof source?.value !== 'string') return;
      const target = refusal(layer, layers, dir, source.value);
      if (target !== null) context.report({ node: source, messageId: 'refused', data: { folder: layer.folder, target, why: layer.why } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportType: (node) => check(node.source),
      TSExternalModuleReference: (node) => check(node.expression),
      'CallExpression[callee.type="Identifier"][callee.name="require"]': (node) => check(node.arguments[0]),
    };
  },
};
