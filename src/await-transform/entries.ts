// The bundler plugin entries of the package, one row each: `taskcontext/<key>`.
// rollup.config.mjs makes each row a package entry from the two texts below
// (a module whose default export, and CommonJS `module.exports`, is the
// factory; its declarations, with the factory's TSDoc and usage example), and
// scripts/typedoc-exports.mjs gives the API reference the same declarations.
// The table itself is for build tools: the plugins' code takes factoryName alone.

interface PluginEntry {
  /** The bundler, as its own docs write it. */
  bundler: string;
  /** The factory's usage example, line by line: a configuration or build file. */
  example: readonly string[];
}

export const PLUGIN_ENTRIES = {
  vite: {
    bundler: 'Vite',
    example: ['// vite.config.ts', "import taskcontext from 'taskcontext/vite';", 'export default { plugins: [taskcontext()] };'],
  },
  rollup: {
    bundler: 'Rollup',
    example: ['// rollup.config.mjs', "import taskcontext from 'taskcontext/rollup';", "export default { input: 'src/main.js', plugins: [taskcontext()] };"],
  },
  rolldown: {
    bundler: 'Rolldown',
    example: ['// rolldown.config.mjs', "import taskcontext from 'taskcontext/rolldown';", "export default { input: 'src/main.ts', plugins: [taskcontext()] };"],
  },
  webpack: {
    bundler: 'webpack',
    example: ['// webpack.config.mjs', "import taskcontext from 'taskcontext/webpack';", "export default { entry: './src/main.js', plugins: [taskcontext()] };"],
  },
  rspack: {
    bundler: 'Rspack',
    example: ['// rspack.config.mjs', "import taskcontext from 'taskcontext/rspack';", "export default { entry: './src/main.js', plugins: [taskcontext()] };"],
  },
  esbuild: {
    bundler: 'esbuild',
    example: [
      '// build.mjs',
      "import { build } from 'esbuild';",
      "import taskcontext from 'taskcontext/esbuild';",
      "await build({ entryPoints: ['src/main.ts'], bundle: true, outdir: 'dist', plugins: [taskcontext()] });",
    ],
  },
} as const satisfies Record<string, PluginEntry>;

/** A bundler with a plugin entry: `taskcontext/<name>`. */
export type PluginEntryName = keyof typeof PLUGIN_ENTRIES;

/** The factory's name, in declarations and stack traces: `taskcontextVite`… */
export function factoryName(name: PluginEntryName): string {
  return `taskcontext${name[0]!.toUpperCase()}${name.slice(1)}`;
}

/** Entry `name`'s module: `plugin` is the path of plugin.ts, which makes the factory. */
export function entryModule(name: PluginEntryName, plugin: string): string {
  const factory = factoryName(name);
  return `import { pluginFactory } from ${JSON.stringify(plugin)};\nconst ${factory} = pluginFactory(${JSON.stringify(name)});\nexport default ${factory};\n`;
}

/** A TSDoc comment of `lines`. */
function comment(lines: readonly string[], indent = ''): string {
  return [`${indent}/**`, ...lines.map((line) => `${indent} *${line && ` ${line}`}`), `${indent} */`].join('\n');
}

/**
 * Entry `name`'s declarations (`<name>.d.ts`), as users see them; `types` is
 * where the declarations of src/ are, relative to the file (`./` in dist/types).
 */
export function entryDeclaration(name: PluginEntryName, types: string): string {
  const { bundler, example } = PLUGIN_ENTRIES[name];
  const moduleDoc = [
    `\`taskcontext/${name}\`: the ${bundler} plugin that keeps context across \`await\``,
    '(and in generators) in browsers. Its default export, from `import` and',
    'from `require`, is the plugin factory.',
    '',
    '@packageDocumentation',
    `@module taskcontext/${name}`,
  ];
  const factoryDoc = [
    `The ${bundler} plugin: rewrites every async function, async generator and`,
    'generator so that the code after each `await`/`yield` runs in the frame it',
    'ran in (the await itself stays native). Needs the optional peer',
    'dependencies `unplugin`, `magic-string` and `oxc-parser`.',
    '',
    '```js',
    ...example,
    '```',
    '',
    '@param options which modules to rewrite (`include`, `exclude`, `nodeModules`) and what the bundle runs on (`target`).',
  ];
  return [
    comment(moduleDoc),
    `import type { AwaitPluginOptions } from '${types}await-transform/options.js';`,
    `import type { AwaitUnplugin } from '${types}await-transform/plugin.js';`,
    comment(factoryDoc),
    `export default function ${factoryName(name)}(options?: AwaitPluginOptions): ReturnType<AwaitUnplugin['${name}']>;`,
    '',
  ].join('\n');
}
