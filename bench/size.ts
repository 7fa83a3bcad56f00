// What weighs most in the browser bundles. Their budgets (bench/size-budget.json)
// are checked by test/node/size.test.ts on the Rollup + terser files in dist/;
// this breakdown rebuilds each budgeted bundle's entry with esbuild, minified,
// with the UMD build's browser modules (scripts/build-variants.mjs), and measures
// each source module two ways:
//
// - `minified`: its bytes in the minified bundle (esbuild's metafile);
// - `gzipSaved`: how much smaller the gzipped bundle gets when the module is
//   replaced by empty stubs (its exports become `undefined`): what cutting it
//   would save, compression included. Savings do not add up exactly to the total.
//
// Plus per src/ folder (pro rata), and one cross-cutting figure: the long
// string literals (error messages, mostly), measured by blanking them.
//
//   npx tsx bench/size.ts
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import ts from 'typescript';
import { variantModulesForEsbuild } from '../scripts/build-variants.mjs';
import { root } from './lib.js';

/** The source entry of each budgeted bundle (as in rollup.config.mjs). */
const ENTRIES: Record<string, string> = {
  'taskcontext.umd.min.js': 'index.ts',
  'taskcontext.core.umd.min.js': 'core-bundle.ts',
  // The same source as the full bundle, compiled to ES5 (scripts/legacy-bundle.mjs): one breakdown serves both.
  'taskcontext.legacy.umd.min.js': 'index.ts',
};

/** One minified UMD bundle in dist/, its gzip size and its budget. */
export interface BundleSize {
  file: string;
  minified: number;
  gzip: number;
  budget: number;
}

/** Where the bytes of one entry go, on an esbuild rebuild. */
export interface Breakdown {
  entry: string;
  esbuild: { minified: number; gzip: number };
  modules: Array<{ module: string; minified: number; gzipSaved: number }>;
  groups: Array<{ group: string; minified: number; gzipShare: number }>;
  strings: { count: number; minified: number; gzipSaved: number };
}

export interface SizeReport {
  bundles: BundleSize[];
  breakdowns: Breakdown[];
}

const gzip = (code: string | Buffer): number => gzipSync(code, { level: 9 }).length;

/** The names a module exports (the source files are regular enough for this). */
function exportNames(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const names = new Set<string>();
  for (const m of source.matchAll(/^export\s+(?:abstract\s+)?(?:const|let|var|function\*?|async\s+function|class)\s+([A-Za-z_$][\w$]*)/gm)) {
    names.add(m[1]!);
  }
  // `export const { a, b } = …`
  for (const m of source.matchAll(/^export\s+const\s*\{([^}]*)\}\s*=/gm)) {
    for (const part of m[1]!.split(',')) names.add(part.trim().split(/\s*:\s*/).pop()!);
  }
  for (const m of source.matchAll(/^export\s*\{([^}]*)\}\s*;/gm)) {
    for (const part of m[1]!.split(',')) {
      const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()!.trim();
      if (name && !part.trim().startsWith('type ')) names.add(name);
    }
  }
  return [...names];
}

/** Replaces `stubbed` (an absolute path) with a module whose exports are all undefined. */
function stub(stubbed: string | undefined): Plugin {
  return {
    name: 'stub',
    setup(b) {
      if (!stubbed) return;
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path !== stubbed) return undefined;
        const names = exportNames(stubbed);
        return { contents: names.map((n) => `export const ${n} = undefined;`).join('\n'), loader: 'ts' };
      });
    },
  };
}

async function bundle(entry: string, stubbed?: string): Promise<{ code: string; inputs: Record<string, number> }> {
  const result = await build({
    entryPoints: [join(root, 'src', entry)],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'TaskContext',
    target: 'es2022',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [variantModulesForEsbuild('browser'), stub(stubbed)],
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  const inputs = Object.fromEntries(Object.entries(output.inputs).map(([path, info]) => [path, info.bytesInOutput]));
  return { code: result.outputFiles[0]!.text, inputs };
}

/**
 * The string and template literals of `code` with at least `min` characters
 * of text: their source ranges, outermost only.
 */
function longLiterals(code: string, min: number): Array<[number, number]> {
  const file = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const ranges: Array<[number, number]> = [];
  const visit = (node: ts.Node): void => {
    let text: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = node.head.text + node.templateSpans.map((span) => span.literal.text).join('');
    if (text !== undefined && text.length >= min) {
      ranges.push([node.getStart(file), node.end]);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return ranges;
}

async function breakdown(entry: string): Promise<Breakdown> {
  const full = await bundle(entry);
  const fullGzip = gzip(full.code);
  const modules: Breakdown['modules'] = [];
  for (const [path, minified] of Object.entries(full.inputs)) {
    if (path.endsWith(`src/${entry}`)) continue;
    const without = await bundle(entry, join(root, path));
    modules.push({ module: relative(join(root, 'src'), join(root, path)), minified, gzipSaved: fullGzip - gzip(without.code) });
  }
  modules.sort((a, b) => b.gzipSaved - a.gzipSaved || b.minified - a.minified);
  const ranges = longLiterals(full.code, 24);
  let blanked = '';
  let at = 0;
  for (const [start, end] of ranges) {
    blanked += `${full.code.slice(at, start)}""`;
    at = end;
  }
  blanked += full.code.slice(at);
  const groups = new Map<string, number>();
  for (const [path, minified] of Object.entries(full.inputs)) {
    const group = relative(join(root, 'src'), join(root, path)).split('/')[0]!.replace(/\.ts$/, '');
    groups.set(group, (groups.get(group) ?? 0) + minified);
  }
  return {
    entry: `src/${entry}`,
    esbuild: { minified: full.code.length, gzip: fullGzip },
    modules,
    groups: [...groups]
      .map(([group, minified]) => ({ group, minified, gzipShare: Math.round((minified / full.code.length) * fullGzip) }))
      .sort((a, b) => b.minified - a.minified),
    strings: {
      count: ranges.length,
      minified: ranges.reduce((sum, [start, end]) => sum + end - start, 0),
      gzipSaved: fullGzip - gzip(blanked),
    },
  };
}

export async function measureSize(): Promise<SizeReport> {
  const { gzipBytes } = JSON.parse(readFileSync(join(root, 'bench', 'size-budget.json'), 'utf8')) as {
    gzipBytes: Record<string, number>;
  };
  const bundles: BundleSize[] = [];
  const breakdowns: Breakdown[] = [];
  for (const [file, budget] of Object.entries(gzipBytes)) {
    const code = readFileSync(join(root, 'dist', file));
    bundles.push({ file: `dist/${file}`, minified: code.length, gzip: gzip(code), budget });
    const entry = ENTRIES[file];
    if (!entry) throw new Error(`bench/size.ts: no source entry known for ${file} (see ENTRIES)`);
    if (!breakdowns.some((b) => b.entry === `src/${entry}`)) breakdowns.push(await breakdown(entry));
  }
  return { bundles, breakdowns };
}

function breakdownMarkdown({ entry, esbuild, groups, modules, strings }: Breakdown): string[] {
  const share = (minified: number): string => `${((minified / esbuild.minified) * 100).toFixed(1)}%`;
  return [
    `### ${entry}`,
    '',
    `Breakdown on an esbuild rebuild of ${entry} (${esbuild.minified} B minified, ${esbuild.gzip} B gzip -9).`,
    '',
    '| src/ folder | minified B | share | ≈ gzip B (pro rata) |',
    '| --- | ---: | ---: | ---: |',
    ...groups.map((g) => `| ${g.group} | ${g.minified} | ${share(g.minified)} | ${g.gzipShare} |`),
    '',
    `Per module: "minified B" is the module's own code; "gzip saved B" is what the gzipped bundle loses when the ` +
      `module is stubbed out, together with whatever only it imports (so install.ts and installer.ts stand for the ` +
      `whole patch layer). Savings overlap: they do not add up to the total.`,
    '',
    '| module | minified B | share | gzip saved B |',
    '| --- | ---: | ---: | ---: |',
    ...modules.map((m) => `| ${m.module} | ${m.minified} | ${share(m.minified)} | ${m.gzipSaved} |`),
    '',
    `String and template literals of ≥ 24 characters (error messages, mostly): ${strings.count} of them, ` +
      `${strings.minified} B minified; blanking them all saves ${strings.gzipSaved} B gzip.`,
  ];
}

export function sizeMarkdown(report: SizeReport): string {
  const lines = [
    'Budgets from bench/size-budget.json, checked by test/node/size.test.ts.',
    '',
    '| bundle | gzip -9 B | minified B | budget B | |',
    '| --- | ---: | ---: | ---: | --- |',
    ...report.bundles.map(
      (b) =>
        `| \`${b.file}\` | **${b.gzip}** | ${b.minified} | ${b.budget} | ` +
        `${b.gzip <= b.budget ? `met, ${b.budget - b.gzip} B to spare` : `**missed by ${b.gzip - b.budget} B**`} |`,
    ),
    '',
    ...report.breakdowns.flatMap((b) => [...breakdownMarkdown(b), '']),
  ];
  return lines.join('\n').trimEnd();
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  console.log(sizeMarkdown(await measureSize()));
}
