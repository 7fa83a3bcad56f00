// npx tsx bench/build-cost.ts [--mb=N] [--rounds=N] [--bundlers=vite,rollup,…]
//
// What the taskcontext plugin adds to a production build, per bundler: the
// same generated app (modules of async functions, async generators, classes
// and plain code) built with and without the plugin, in one run, and the
// difference as ms per MB of source. Needs `npm run build` (the plugins are
// loaded from dist/ as an app loads them). Writes bench/results/build-cost.json.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, resultsDir } from './lib.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const megabytes = Number(option('mb', '1'));
const rounds = Number(option('rounds', '3'));
const BUNDLERS = ['vite', 'rollup', 'rolldown', 'webpack', 'rspack', 'esbuild'] as const;
type Bundler = (typeof BUNDLERS)[number];
const bundlers = option('bundlers', BUNDLERS.join(',')).split(',') as Bundler[];

const srcDir = join(cacheDir, 'build-cost', 'src');
const outDir = join(cacheDir, 'build-cost', 'out');

/** One module of app-like code (about 2 kB): awaits, a generator, a class, plain helpers. */
function moduleSource(i: number, count: number): string {
  return `import { helper${(i + 1) % count} as next } from './m${(i + 1) % count}.js';
export function helper${i}(x) { return x + ${i}; }
export class Service${i} {
  #cache = new Map();
  async load(id) {
    if (this.#cache.has(id)) return this.#cache.get(id);
    try {
      const response = await fetch('/api/' + id + '?n=${i}');
      const body = await response.json();
      this.#cache.set(id, body);
      return body;
    } catch (error) {
      await report(error);
      throw error;
    } finally {
      this.pending = false;
    }
  }
  static async *pages(count) {
    for (let page = 0; page < count; page++) yield await new Promise((r) => setTimeout(() => r(page), 0));
  }
  *[Symbol.iterator]() { yield* this.#cache.values(); }
}
async function report(error) { await null; console.warn('m${i}', error, next(1)); }
export const format${i} = (values) => values.map((v) => String(v).padStart(4)).join(', ');
export const consume${i} = async () => { const out = []; for await (const page of Service${i}.pages(3)) out.push(page); return out; };
`;
}

function writeApp(): number {
  rmSync(srcDir, { recursive: true, force: true });
  mkdirSync(srcDir, { recursive: true });
  const count = Math.max(10, Math.round((megabytes * 1024 * 1024) / moduleSource(0, 1).length));
  let bytes = 0;
  const imports: string[] = [];
  for (let i = 0; i < count; i++) {
    const source = moduleSource(i, count);
    writeFileSync(join(srcDir, `m${i}.js`), source);
    bytes += Buffer.byteLength(source);
    imports.push(`export * as m${i} from './m${i}.js';`);
  }
  writeFileSync(join(srcDir, 'main.js'), imports.join('\n'));
  return bytes;
}

async function build(bundler: Bundler, withPlugin: boolean): Promise<void> {
  const entry = join(srcDir, 'main.js');
  const out = join(outDir, `${bundler}-${withPlugin}`);
  const plugin = withPlugin ? (await import(`taskcontext/${bundler}`)).default : undefined;
  switch (bundler) {
    case 'vite': {
      const { build } = await import('vite');
      await build({ configFile: false, logLevel: 'silent', root: srcDir, plugins: plugin ? [plugin()] : [], build: { outDir: out, minify: false, lib: { entry, formats: ['es'], fileName: () => 'app.js' } } });
      return;
    }
    case 'rollup': {
      const { rollup } = await import('rollup');
      const bundle = await rollup({ input: entry, plugins: plugin ? [plugin()] : [], onwarn: () => {} });
      await bundle.write({ dir: out, format: 'es' });
      return bundle.close();
    }
    case 'rolldown': {
      const { rolldown } = await import('rolldown');
      const bundle = await rolldown({ input: entry, plugins: plugin ? [plugin()] : [], logLevel: 'silent' });
      await bundle.write({ dir: out, format: 'es' });
      return bundle.close();
    }
    case 'webpack':
    case 'rspack': {
      const create = bundler === 'webpack' ? (await import('webpack')).default : (await import('@rspack/core')).rspack;
      const compiler = (create as (options: object) => { run(cb: (e: Error | null, s?: { hasErrors(): boolean; compilation: { errors: unknown[] } }) => void): void; close(cb: () => void): void })({
        mode: 'production',
        entry,
        optimization: { minimize: false },
        output: { path: out, filename: 'app.js' },
        plugins: plugin ? [plugin()] : [],
      });
      return new Promise((resolve, reject) =>
        compiler.run((error, stats) =>
          compiler.close(() => (error ? reject(error) : stats?.hasErrors() ? reject(new Error(stats.compilation.errors.map(String).join('\n'))) : resolve())),
        ),
      );
    }
    case 'esbuild': {
      const { build } = await import('esbuild');
      await build({ entryPoints: [entry], bundle: true, format: 'esm', outdir: out, logLevel: 'silent', plugins: plugin ? [plugin()] : [] });
      return;
    }
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const bytes = writeApp();
const mb = bytes / 1024 / 1024;
console.log(`build-cost: ${mb.toFixed(2)} MB of source, ${rounds} rounds (median), bundlers: ${bundlers.join(', ')}`);
const rows = [];
for (const bundler of bundlers) {
  const times: Record<'with' | 'without', number[]> = { with: [], without: [] };
  await build(bundler, false); // warm-up: module loading, disk cache
  await build(bundler, true);
  for (let round = 0; round < rounds; round++) {
    // Alternate, so that drift on a shared machine hits both sides alike.
    for (const withPlugin of round % 2 ? [true, false] : [false, true]) {
      const started = performance.now();
      await build(bundler, withPlugin);
      times[withPlugin ? 'with' : 'without'].push(performance.now() - started);
    }
  }
  const without = median(times.without);
  const withPlugin = median(times.with);
  const row = { bundler, withoutMs: Math.round(without), withMs: Math.round(withPlugin), addedMsPerMB: Math.round((withPlugin - without) / mb), ratio: Number((withPlugin / without).toFixed(2)) };
  rows.push(row);
  console.log(`  ${bundler.padEnd(9)} without ${String(row.withoutMs).padStart(6)} ms  with ${String(row.withMs).padStart(6)} ms  +${row.addedMsPerMB} ms/MB  (${row.ratio}x)`);
}
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'build-cost.json'), `${JSON.stringify({ date: new Date().toISOString(), sourceMB: Number(mb.toFixed(2)), rounds, rows }, null, 2)}\n`);
rmSync(outDir, { recursive: true, force: true });
