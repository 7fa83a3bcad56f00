// One build for every runtime: ESM and CommonJS for bundlers and servers, UMD
// (plain and minified) for a <script> tag, declarations for TypeScript users.
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { variantModules } from './scripts/build-variants.mjs';
import { legacyBundle } from './scripts/legacy-bundle.mjs';

const banner = '/*! taskcontext | MIT License */';

/**
 * The bundler plugins (taskcontext/vite…), one row each of one table
 * (src/await-transform/entries.ts): each entry's only export is the plugin
 * factory, its default. Their modules and declarations are written from the
 * table here, so no source file per bundler exists.
 */
const { PLUGIN_ENTRIES, entryModule, entryDeclaration } = await tsImport('./src/await-transform/entries.ts', import.meta.url);
const pluginEntries = Object.keys(PLUGIN_ENTRIES);
/** Entries whose only export is their default: CommonJS gets it as module.exports. */
const defaultOnlyEntries = [...pluginEntries, 'loader'];
const PLUGIN_ENTRY = '\0taskcontext-plugin-entry:';
const pluginFactoryModule = fileURLToPath(new URL('src/await-transform/plugin.ts', import.meta.url));
const pluginEntryModules = {
  name: 'plugin-entries',
  resolveId: (id) => (id.startsWith(PLUGIN_ENTRY) ? id : null),
  // No map of their own: two generated lines, nothing to trace back to.
  load: (id) => (id.startsWith(PLUGIN_ENTRY) ? { code: entryModule(id.slice(PLUGIN_ENTRY.length), pluginFactoryModule), map: { mappings: '' } } : null),
  // With the ESM output, as @rollup/plugin-typescript writes the other declarations.
  generateBundle({ format }) {
    if (format !== 'es') return;
    for (const name of pluginEntries) this.emitFile({ type: 'asset', fileName: `types/${name}.d.ts`, source: entryDeclaration(name, './') });
  },
};

/** Entry points: the library, and the same with the patch layer installed on load. */
const entries = {
  taskcontext: 'src/index.ts',
  'taskcontext.auto': 'src/auto.ts',
  // Defines the global AsyncContext as the proposal's (see src/polyfill.ts).
  'taskcontext.polyfill': 'src/polyfill.ts',
};

const ts = (declarations) =>
  typescript({
    tsconfig: './tsconfig.json',
    declaration: declarations,
    declarationDir: declarations ? 'dist/types' : undefined,
    sourceMap: true,
    // The package ships no src/: the maps carry the sources themselves.
    inlineSources: true,
    outDir: 'dist',
  });

/**
 * A map's `sources` as a label, not a path into src/ (which is not shipped):
 * `taskcontext:src/api/variable.ts`. Devtools and `node --enable-source-maps`
 * show it, with the text from `sourcesContent`.
 */
const sourcemapPathTransform = (relativePath) => `taskcontext:${relativePath.replace(/\\/g, '/').replace(/^(?:\.\.\/)+/, '')}`;

/**
 * On Node, `import` and `require` must reach one copy of the library, or an
 * app that uses both would hold two current frames. So for Node the ESM entry
 * is a thin wrapper that re-exports the CommonJS Node build.
 */
const nodeEsmWrappers = {
  name: 'node-esm-wrappers',
  generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
      const names = chunk.exports.filter((name) => name !== 'default');
      this.emitFile({
        type: 'asset',
        fileName: chunk.fileName.replace(/\.cjs$/, '.mjs'),
        source:
          `${banner}\n// Node: re-export the CommonJS build so that import and require share one instance.\n` +
          `import cjs from './${chunk.fileName}';\n` +
          (chunk.name === 'opentelemetry'
            ? // An ESM app has the ESM copy of @opentelemetry/api, the CommonJS build requires the other
              // one: the manager takes ROOT_CONTEXT and diag from the app's (TaskContextManager.openTelemetryApi).
              `import * as openTelemetryApi from '@opentelemetry/api';\n` +
              `export class TaskContextManager extends cjs.TaskContextManager {\n  static openTelemetryApi = openTelemetryApi;\n}\n`
            : `export const { ${names.join(', ')} } = cjs;\n`),
      });
    }
  },
};

/**
 * TypeScript reads a `.d.ts` in this `"type": "module"` package as ESM, so a
 * CommonJS consumer (`module: node16`, `require`) could not use it: give every
 * declaration a `.d.cts` twin whose relative imports point at `.cjs`.
 */
const commonJsDeclarations = {
  name: 'commonjs-declarations',
  // After every output is written: the declarations come with the ESM output.
  closeBundle() {
    const walk = (dir) =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.d.ts') ? [join(dir, entry.name)] : [],
      );
    for (const file of walk('dist/types')) {
      let source = readFileSync(file, 'utf8').replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\.js\2/g, '$1$2$3.cjs$2');
      // A plugin entry's CommonJS build is the factory itself (module.exports = factory), the loader's the loader.
      const entry = /^dist\/types\/([a-z]+)\.d\.ts$/.exec(file.replace(/\\/g, '/'))?.[1];
      if (defaultOnlyEntries.includes(entry)) {
        const name = /export default function (\w+)/.exec(source)[1];
        source = source.replace(`export default function ${name}`, `declare function ${name}`) + `export = ${name};\n`;
      }
      writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), source);
    }
  },
};

// ESM and CommonJS share one module graph: `taskcontext/auto` imports
// `taskcontext`, so an app that loads both still has a single current frame.
const modules = {
  // Plus the bundler plugins (taskcontext/vite…), which load their optional
  // peers (unplugin, magic-string, oxc-parser) when one is created, and the
  // OpenTelemetry context manager, which uses the app's @opentelemetry/api.
  input: {
    ...entries,
    dev: 'src/dev.ts',
    opentelemetry: 'src/opentelemetry.ts',
    // The webpack/Turbopack loader (a CommonJS module is what they require).
    loader: 'src/loader.ts',
    // React Native and Jest: transformers that hand each module on to the app's own (Babel).
    metro: 'src/metro.ts',
    jest: 'src/jest.ts',
    ...Object.fromEntries(pluginEntries.map((name) => [name, `${PLUGIN_ENTRY}${name}`])),
  },
  external: ['@opentelemetry/api', 'node:module', 'node:crypto', 'node:path', 'unplugin', 'magic-string', 'oxc-parser'],
  plugins: [pluginEntryModules, ts(true), commonJsDeclarations],
  output: ['es', 'cjs'].map((format) => ({
    dir: 'dist',
    format,
    entryFileNames: `[name].${format === 'es' ? 'mjs' : 'cjs'}`,
    chunkFileNames: `chunks/[name]-[hash].${format === 'es' ? 'mjs' : 'cjs'}`,
    sourcemap: true,
    sourcemapPathTransform,
    banner,
    exports: format === 'cjs' ? 'auto' : 'named',
  })),
};

/**
 * The Node builds (the package's `node` condition, which Bun and Deno read
 * too) and the <script> bundles take the node and browser twins of the
 * modules that have one (scripts/build-variants.mjs): the Node builds import
 * node:async_hooks, so that Node releases without process.getBuiltinModule
 * (before 20.16) carry context as well; the bundles reach no server code.
 */
const nodeModules = {
  input: { ...entries, dev: 'src/dev.ts', opentelemetry: 'src/opentelemetry.ts' },
  external: ['node:async_hooks', '@opentelemetry/api'],
  plugins: [variantModules('node'), ts(false)],
  output: {
    dir: 'dist',
    format: 'cjs',
    entryFileNames: '[name].node.cjs',
    chunkFileNames: 'chunks/node-[name]-[hash].cjs',
    sourcemap: true,
    sourcemapPathTransform,
    banner,
    exports: 'named',
    plugins: [nodeEsmWrappers],
  },
};

/** A <script> tag gets everything in one file, global `TaskContext`: minified, and readable. */
const umdBundles = [
  { stem: 'taskcontext', input: 'src/index.ts' },
  { stem: 'taskcontext.auto', input: 'src/auto.ts' },
  // AsyncContext and the patch layer only: no Context, no AsyncLocalStorage.
  { stem: 'taskcontext.core', input: 'src/core-bundle.ts' },
  // Only defines the global AsyncContext (and installs the patch layer): exports nothing, so
  // a plain script (iife) rather than UMD, which under an AMD loader would wait to be required.
  { stem: 'taskcontext.polyfill', input: 'src/polyfill.ts', format: 'iife' },
  // The development bundle: everything, plus the checks of taskcontext/dev.
  { stem: 'taskcontext.dev', input: 'src/dev-bundle.ts', readableOnly: true },
];

/**
 * Terser for the .min.js files, tuned by measuring the gzipped result: a
 * third pass still finds work, and ES2022 output lets it keep the source's
 * syntax. Options that change behaviour (unsafe_arrows turns functions into
 * non-constructible arrows, booleans_as_integers makes `true` a 1) stay off.
 */
const minifyOptions = {
  ecma: 2022,
  compress: { passes: 3 },
  // The public classes keep their names (devtools show instances as `Variable {}`,
  // not `M {}`); the names are in the bundle anyway, so gzip barely notices.
  keep_classnames: /^(?:Variable|Snapshot|Context|AsyncLocalStorage|ContextError)$/,
  // builtins: terser otherwise spares every name some DOM interface also has
  // (EMPTY, frame, on); the list below is ours alone, so that caution is not needed.
  mangle: { properties: { regex: internalProperties(), builtins: true } },
  format: { comments: /^!/ },
};

/**
 * Property names that only the library itself reads or writes, so the
 * minifier may shorten them (the backend's `current`/`enter`, `Frame.EMPTY`,
 * a patch's `state.on`, …; never an await scope's `s`/`r`/`x`, which code
 * built with taskcontext/rollup calls from outside). One list,
 * scripts/mangled-properties.json; test/node/mangled-properties.test.ts fails
 * when one of them is used in src/ on an object the library does not own (a
 * platform's, a user's, an `any`), and test/node/umd-bundles.test.ts checks
 * that each .min.js exposes exactly the names its readable twin does. Each
 * UMD bundle is self-contained, so no other bundle needs to agree on the
 * short names.
 */
function internalProperties() {
  const { names } = JSON.parse(readFileSync(new URL('./scripts/mangled-properties.json', import.meta.url), 'utf8'));
  return new RegExp(`^(?:${names.join('|')})$`);
}

const umd = umdBundles.map(({ stem, input, readableOnly, format = 'umd' }) => ({
  input,
  plugins: [variantModules('browser'), ts(false)],
  output: (readableOnly ? [false] : [false, true]).map((minify) => ({
    file: `dist/${stem}.umd${minify ? '.min' : ''}.js`,
    format,
    name: 'TaskContext',
    sourcemap: true,
    sourcemapPathTransform,
    banner,
    exports: 'named',
    plugins: minify ? [terser(minifyOptions)] : [],
  })),
}));

/**
 * The legacy script bundle: the full bundle's API in ES5 syntax, needing only
 * ES2015 built-ins (scripts/legacy-bundle.mjs), for Hermes 0.12 (no classes)
 * and older browsers. Minified only; terser keeps the public constructors'
 * names, functions there.
 */
const legacyPublicNames = /^(?:Variable|Snapshot|Context|AsyncLocalStorage|ContextError)$/;
const legacy = {
  input: 'src/index.ts',
  plugins: [variantModules('browser'), ts(false)],
  output: {
    file: 'dist/taskcontext.legacy.umd.min.js',
    format: 'umd',
    name: 'TaskContext',
    sourcemap: true,
    sourcemapPathTransform,
    banner,
    exports: 'named',
    plugins: [
      // The internal properties are shortened first, while fields and methods are
      // still syntax: once Babel lowered them they are string keys terser leaves alone.
      terser({ ...minifyOptions, compress: false, keep_classnames: true, keep_fnames: true }),
      legacyBundle(),
      terser({ ...minifyOptions, ecma: 5, mangle: true, keep_classnames: legacyPublicNames, keep_fnames: legacyPublicNames, format: { ...minifyOptions.format, ecma: 5 } }),
    ],
  },
};

export default [modules, nodeModules, ...umd, legacy];
