// What weighs most in the browser bundle. The budget itself is checked by
// test/node/size.test.ts on dist/taskcontext.umd.min.js (Rollup + terser);
// this breakdown rebuilds the same entry (src/index.ts) with esbuild, minified,
// and measures each source module two ways:
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
import { root } from './lib.js';

export interface SizeReport {
  budget: number;
  umd: { file: string; minified: number; gzip: number };
  esbuild: { minified: number; gzip: number };
  modules: Array<{ module: string; minified: number; gzipSaved: number }>;
  groups: Array<{ group: string; minified: number; gzipShare: number }>;
  strings: { count: number; minified: number; gzipSaved: number };
}

const gzip = (code: string | Buffer): number => gzipSync(code, { level: 9 }).length;

/** The names a module exports (the source files are regular enough for this). */
function exportNames(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const names = new Set<string>();
  for (const m of source.matchAll(/^export\s+(?:abstract\s+)?(?:const|let|var|function\*?|async\s+function|class)\s+([A-Za-z_$][\w$]*)/gm)) {
    names.add(m[1]!);
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

async function bundle(stubbed?: string): Promise<{ code: string; inputs: Record<string, number> }> {
  const result = await build({
    entryPoints: [join(root, 'src', 'index.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'TaskContext',
    target: 'es2022',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [stub(stubbed)],
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

export async function measureSize(): Promise<SizeReport> {
  const budget = (JSON.parse(readFileSync(join(root, 'bench', 'size-budget.json'), 'utf8')) as { umdMinGzipBytes: number })
    .umdMinGzipBytes;
  const umdFile = join(root, 'dist', 'taskcontext.umd.min.js');
  const umd = readFileSync(umdFile);
  const full = await bundle();
  const fullGzip = gzip(full.code);
  const modules: SizeReport['modules'] = [];
  for (const [path, minified] of Object.entries(full.inputs)) {
    if (path.endsWith('src/index.ts')) continue;
    const without = await bundle(join(root, path));
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
    budget,
    umd: { file: relative(root, umdFile), minified: umd.length, gzip: gzip(umd) },
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

export function sizeMarkdown(report: SizeReport): string {
  const { umd, esbuild, budget } = report;
  const lines = [
    `\`${umd.file}\`: **${umd.gzip} B** gzip -9 (${umd.minified} B minified); budget ${budget} B ` +
      `(bench/size-budget.json): ${umd.gzip <= budget ? `met, ${budget - umd.gzip} B to spare` : `**missed by ${umd.gzip - budget} B**`}.`,
    '',
    `Breakdown on an esbuild rebuild of src/index.ts (${esbuild.minified} B minified, ${esbuild.gzip} B gzip -9).`,
    '',
    '| src/ folder | minified B | share | ≈ gzip B (pro rata) |',
    '| --- | ---: | ---: | ---: |',
    ...report.groups.map(
      (g) => `| ${g.group} | ${g.minified} | ${((g.minified / esbuild.minified) * 100).toFixed(1)}% | ${g.gzipShare} |`,
    ),
    '',
    `Per module: "minified B" is the module's own code; "gzip saved B" is what the gzipped bundle loses when the ` +
      `module is stubbed out, together with whatever only it imports (so install.ts and installer.ts stand for the ` +
      `whole patch layer). Savings overlap: they do not add up to the total.`,
    '',
    '| module | minified B | share | gzip saved B |',
    '| --- | ---: | ---: | ---: |',
    ...report.modules.map(
      (m) => `| ${m.module} | ${m.minified} | ${((m.minified / esbuild.minified) * 100).toFixed(1)}% | ${m.gzipSaved} |`,
    ),
    '',
    `String and template literals of ≥ 24 characters (error messages, mostly): ${report.strings.count} of them, ` +
      `${report.strings.minified} B minified; blanking them all saves ${report.strings.gzipSaved} B gzip.`,
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  console.log(sizeMarkdown(await measureSize()));
}
