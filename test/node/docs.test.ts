/**
 * The guides (docs/*.md) and the README, as a reader uses them:
 *
 * - every TypeScript/JavaScript code block runs, as its own file importing
 *   the built package by name (`taskcontext` resolves to dist/ through the
 *   package's own "exports"), and must exit cleanly; blocks assert what they
 *   promise with node:assert. A block preceded by
 *   `<!-- also runs on: bun, deno -->` runs on those runtimes too (their
 *   binaries from node_modules, test/runtimes/binaries.ts), as it is;
 * - a block preceded by `<!-- excerpt of: <file> -->` is, line for line, a
 *   part of one of the e2e apps' sources (e2e/apps/build.ts's appSources(),
 *   e2e/otel/build.ts's OTEL_APP_SOURCES), which npm test builds and runs in
 *   Chromium, Firefox and WebKit: a browser recipe runs there, not here;
 * - a block that cannot run here is preceded by `<!-- not runnable: why -->`,
 *   and every other block in another language must be an excerpt;
 * - every relative link and #anchor between the Markdown files resolves;
 * - `npm run docs` builds the site without a warning (TypeDoc validates its
 *   `{@link}`s), and every link inside the built site points at a file it has.
 *
 * The build is done by `npm test` before vitest (`npm run build` by hand).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { appSources } from '../../e2e/apps/build.js';
import { OTEL_APP_SOURCES } from '../../e2e/otel/build.js';
import { findBinary } from '../runtimes/binaries.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const docsDir = join(root, 'docs');
const site = join(root, 'docs-site');
/** Inside the repository (gitignored), so that `import 'taskcontext'` finds the package itself. */
const blocksDir = join(root, '.cache', 'docs-blocks');

interface Block {
  file: string; // relative to the repository
  line: number;
  lang: string;
  code: string;
  notRunnable?: string; // the reason given
  /** Runtimes besides Node that run the block too (`<!-- also runs on: bun, deno -->`). */
  alsoOn: OtherRuntime[];
  /** The e2e source file the block is a part of (`<!-- excerpt of: e2e/… -->`), relative to the repository. */
  excerptOf?: string;
}

const OTHER_RUNTIMES = ['bun', 'deno'] as const;
type OtherRuntime = (typeof OTHER_RUNTIMES)[number];

/** How each other runtime runs a block file: Deno may open sockets on 127.0.0.1 and read the package. */
const runtimeArgs: Record<OtherRuntime, (file: string) => string[]> = {
  bun: (file) => [file],
  deno: (file) => ['run', '--allow-net=127.0.0.1', '--allow-read', '--allow-env', file],
};

const RUNNABLE = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);

async function guideFiles(): Promise<string[]> {
  const docs = (await readdir(docsDir)).filter((f) => f.endsWith('.md')).map((f) => join(docsDir, f));
  return [join(root, 'README.md'), ...docs.sort()];
}

function blocksOf(file: string, text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    let before = start - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const comment = before >= 0 ? lines[before]!.trim() : '';
    const marker = /^<!--\s*not runnable:\s*(.+?)\s*-->$/.exec(comment);
    const excerptOf = /^<!--\s*excerpt of:\s*(\S+)\s*-->$/.exec(comment)?.[1];
    const alsoOn = /^<!--\s*also runs on:\s*(.+?)\s*-->$/.exec(comment)?.[1]!.split(/\s*,\s*/) ?? [];
    for (const name of alsoOn) {
      if (!(OTHER_RUNTIMES as readonly string[]).includes(name)) throw new Error(`${relative(root, file)}:${start + 1}: unknown runtime '${name}' (${OTHER_RUNTIMES.join(', ')})`);
    }
    // The README's set-up section is kept word for word (CI reads it): its shell block is exempt.
    const setUp = relative(root, file) === 'README.md' && /## Set-up commands\n[^#]*$/.test(lines.slice(0, start).join('\n'));
    blocks.push({
      file: relative(root, file),
      line: start + 1,
      lang: open[1]!,
      code: body.join('\n'),
      notRunnable: marker?.[1] ?? (setUp ? 'the set-up commands, kept word for word' : undefined),
      alsoOn: alsoOn as OtherRuntime[],
      excerptOf,
    });
  }
  return blocks;
}

function run(file: string, args: string[], timeout: number): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(file, args, { cwd: root, timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

let blocks: Block[] = [];
let markdown: Map<string, string>;

beforeAll(async () => {
  markdown = new Map();
  for (const file of await guideFiles()) {
    const text = await readFile(file, 'utf8');
    markdown.set(file, text);
    blocks.push(...blocksOf(file, text));
  }
});

describe('code blocks in the guides', () => {
  it('each is runnable, or marked with the reason it is not', () => {
    expect(blocks.length).toBeGreaterThan(20);
    const unmarked = blocks.filter((b) => !RUNNABLE.has(b.lang) && !b.notRunnable && !b.excerptOf).map((b) => `${b.file}:${b.line} (${b.lang || 'no language'})`);
    expect(unmarked, 'blocks that cannot run and say nothing about it').toEqual([]);
    const vague = blocks.filter((b) => b.notRunnable !== undefined && b.notRunnable.length < 12).map((b) => `${b.file}:${b.line}`);
    expect(vague, 'a reason of a few words at least').toEqual([]);
  });

  it('every runnable block runs, exits cleanly, and prints exactly what its `// prints:` lines claim', async () => {
    const runnable = blocks.filter((b) => RUNNABLE.has(b.lang) && !b.notRunnable && !b.excerptOf);
    expect(runnable.length).toBeGreaterThan(10);
    expect(runnable.filter((b) => b.file === 'README.md' && claimsOf(b).length > 0).length, 'README quick starts that claim an output').toBeGreaterThan(1);
    await runBlocks(runnable);
  }, 300_000);

  it('the blocks marked for Bun and Deno run there too, as they are (the Hono recipe: 200 concurrent requests, none sees another\'s id)', async () => {
    const marked = blocks.filter((b) => b.alsoOn.length > 0);
    expect(marked.map((b) => `${b.file}:${b.line}`).length).toBeGreaterThan(0);
    for (const b of marked) expect(RUNNABLE.has(b.lang) && !b.notRunnable, `${b.file}:${b.line} runs on Node too`).toBe(true);
    await mkdir(blocksDir, { recursive: true });
    const failures: string[] = [];
    for (const block of marked) {
      for (const runtime of block.alsoOn) {
        const { path: binary, looked } = findBinary(runtime);
        if (!binary) {
          failures.push(`${block.file}:${block.line}: no ${runtime} binary (looked at ${looked.join(', ')}; npm ci installs it)`);
          continue;
        }
        const path = join(blocksDir, `${blockName(block)}.${runtime}.mts`);
        await writeFile(path, `${block.code}\nexport {};\n`);
        const { code, output } = await run(binary, runtimeArgs[runtime](path), 60_000);
        if (code !== 0) failures.push(`${block.file}:${block.line} on ${runtime} exited ${code}:\n${output.slice(0, 2000)}`);
      }
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 300_000);
});

describe('the browser recipes', () => {
  it('every block marked as an excerpt is, line for line, a part of an e2e app that npm test builds and runs in three browsers', async () => {
    const excerpts = blocks.filter((b) => b.excerptOf);
    expect(excerpts.length).toBeGreaterThan(4);
    const sources = new Set([...appSources(), ...OTEL_APP_SOURCES].map((file) => relative(root, file)));
    const problems: string[] = [];
    for (const block of excerpts) {
      const where = `${block.file}:${block.line}`;
      if (block.notRunnable || block.alsoOn.length > 0) problems.push(`${where}: an excerpt is neither 'not runnable' nor run on other runtimes`);
      if (!sources.has(block.excerptOf!)) {
        problems.push(`${where}: ${block.excerptOf} is not a source of the e2e apps (${[...sources].join(', ')})`);
        continue;
      }
      const file = (await readFile(join(root, block.excerptOf!), 'utf8')).split('\n');
      const lines = block.code.split('\n');
      const at = file.findIndex((_, i) => lines.every((line, j) => file[i + j] === line));
      if (lines.length < 3 || at < 0) problems.push(`${where}: not, line for line, a part of ${block.excerptOf}`);
    }
    expect(problems).toEqual([]);
  });
});

/** A block's file name in .cache/docs-blocks: where it is in the guides. */
const blockName = (block: Block): string => `${block.file.replace(/[\\/.]/g, '_')}_${block.line}`;

/** The output a block claims, one `// prints: line` comment per line, in order. */
function claimsOf(block: Block): string[] {
  return [...block.code.matchAll(/^\s*\/\/ prints: (.*)$/gm)].map((match) => match[1]!);
}

async function runBlocks(runnable: Block[]): Promise<void> {
  {
    await mkdir(blocksDir, { recursive: true });
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const failures: string[] = [];
    // Two at a time: the machine is shared.
    const queue = [...runnable];
    const worker = async () => {
      for (let block = queue.shift(); block; block = queue.shift()) {
        const name = `${blockName(block)}.${block.lang.startsWith('j') || block.lang === 'mjs' ? 'mjs' : 'mts'}`;
        const path = join(blocksDir, name);
        await writeFile(path, `${block.code}\nexport {};\n`);
        const { code, output } = await run(tsx, [path], 30_000);
        if (code !== 0) failures.push(`${block.file}:${block.line} exited ${code}:\n${output.slice(0, 2000)}`);
        const claims = claimsOf(block);
        if (code === 0 && claims.length > 0 && output.trimEnd() !== claims.join('\n')) {
          failures.push(`${block.file}:${block.line} printed:\n${output}\nbut claims:\n${claims.join('\n')}`);
        }
      }
    };
    await Promise.all([worker(), worker()]);
    expect(failures, failures.join('\n\n')).toEqual([]);
  }
}

let siteBuild: Promise<{ code: number; output: string }> | undefined;
/** `npm run docs`, once for the tests that read the site. */
function buildSite(): Promise<{ code: number; output: string }> {
  // From nothing: a failed build leaves an older site in place.
  siteBuild ??= rm(site, { recursive: true, force: true }).then(() => run('npm', ['run', 'docs'], 240_000));
  return siteBuild;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of text.split('\n')) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) anchors.add(heading[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return anchors;
}

describe('links', () => {
  it('every relative link between the Markdown files resolves, #anchors included', () => {
    const broken: string[] = [];
    for (const [file, text] of markdown) {
      // Code blocks and inline code are not links.
      const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
      for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue; // https:, mailto: (no network here)
        const [path, anchor] = target!.split('#') as [string, string | undefined];
        const resolved = path ? resolve(dirname(file), path) : file;
        if (!existsSync(resolved)) {
          broken.push(`${relative(root, file)}: ${target} (no such file)`);
          continue;
        }
        if (anchor && resolved.endsWith('.md')) {
          const targetText = markdown.get(resolved) ?? '';
          if (!anchorsOf(targetText).has(anchor)) broken.push(`${relative(root, file)}: ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('npm run docs builds the site without a warning, and no link inside it is broken', async () => {
    const { code, output } = await buildSite();
    expect(code, output).toBe(0);
    expect(output).not.toMatch(/\[warning\]|\[error\]/);
    const pages = (await readdir(site, { recursive: true })).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(20);
    const broken: string[] = [];
    for (const page of pages) {
      const html = await readFile(join(site, page), 'utf8');
      for (const [, target] of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
        if (/^(?:[a-z]+:|#|\/\/)/i.test(target!)) continue;
        const path = decodeURI(target!.split('#')[0]!.split('?')[0]!);
        if (path && !existsSync(resolve(dirname(join(site, page)), path))) broken.push(`${page}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  }, 300_000);
});

describe('the API reference', () => {
  it('has a page for every subpath of package.json "exports", titled with its import name', async () => {
    const { output } = await buildSite();
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
    const names = Object.keys(pkg.exports)
      .filter((subpath) => subpath !== './package.json')
      .map((subpath) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`));
    expect(names.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const name of names) {
      // TypeDoc's file name for module `taskcontext/vite`: modules/taskcontext_vite.html.
      const page = join(site, 'modules', `${name.replace(/\//g, '_')}.html`);
      const title = existsSync(page) ? /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(await readFile(page, 'utf8'))?.[1]?.replace(/<[^>]+>/g, '').trim() : undefined;
      if (title !== `Module ${name}`) missing.push(`${name}: ${title === undefined ? 'no page' : `page titled "${title}"`}`);
    }
    expect(missing, `exports without their page in the reference (npm run docs said:\n${output})`).toEqual([]);
  }, 300_000);
});
