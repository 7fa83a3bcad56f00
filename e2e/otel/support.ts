// The OpenTelemetry scenarios' halves that run in Node (e2e/scenarios.ts):
// driving e2e/otel/page.html and examples/otel-web, and checking the span
// trees they return.
import { strictEqual } from 'node:assert/strict';
import type { ScenarioPage } from '../scenarios.js';
import { otelBundleName, type OtelVariant } from './build.js';

/** A finished span as otelApp.finishedSpans() returns it. */
export interface SpanSummary {
  name: string;
  spanId: string;
  traceId: string;
  parentSpanId: string | null;
  /** url.full, on the spans of instrumentation-fetch. */
  url: string | null;
}

/** The children a click span must have, by how the app names them. */
export const CHILDREN = ['fetch', 'xhr load', 'timer', 'after await'] as const;
export type Child = (typeof CHILDREN)[number];

/** The spans of the click on button `id`: its click span and each expected child (undefined when missing). */
export function clickSpans(spans: SpanSummary[], id: string): { click?: SpanSummary } & Partial<Record<Child, SpanSummary>> {
  const named = (name: string) => spans.find((span) => span.name === name);
  return {
    click: named(`click ${id}`),
    // instrumentation-fetch names its span after the method and records the URL.
    fetch: spans.find((span) => span.url?.endsWith(`value=${id}`)),
    'xhr load': named(`xhr load ${id}`),
    timer: named(`timer ${id}`),
    'after await': named(`after await ${id}`),
  };
}

/** The span trees as indented lines (for failure messages): children under their parent, orphans as roots. */
export function treeLines(spans: SpanSummary[]): string[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const lines: string[] = [];
  const label = (span: SpanSummary) => `${span.name}${span.url ? ` ${new URL(span.url).search}` : ''} [trace ${span.traceId.slice(0, 6)}]`;
  const walk = (span: SpanSummary, depth: number): void => {
    lines.push(`${'  '.repeat(depth)}${label(span)}`);
    for (const child of spans.filter((s) => s.parentSpanId === span.spanId)) walk(child, depth + 1);
  };
  for (const span of spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId))) walk(span, 0);
  return lines;
}

/** Children whose click span is expected to be lost, and how. */
export interface Lost {
  children: readonly Child[];
  /** 'root': each is a root span of its own trace; 'not-its-click': a root or any other parent, just not its click. */
  as: 'root' | 'not-its-click';
}

/**
 * Where the tree of each click differs from "every child has its own click span
 * as parent, in the click's trace, and the clicks' traces differ", except for
 * the children in `lost`, which must have lost their click span (as `lost.as` says).
 * Returns one line per problem, so an assertion shows them all at once.
 */
export function treeProblems(spans: SpanSummary[], ids: string[], lost: Lost = { children: [], as: 'root' }): string[] {
  const problems: string[] = [];
  const expected = ids.length * (1 + CHILDREN.length);
  if (spans.length !== expected) problems.push(`${spans.length} spans, expected ${expected}`);
  const traces = new Set<string>();
  for (const id of ids) {
    const { click, ...children } = clickSpans(spans, id);
    if (!click) {
      problems.push(`no click ${id} span`);
      continue;
    }
    if (click.parentSpanId) problems.push(`click ${id} has a parent: it should be a root span`);
    traces.add(click.traceId);
    for (const child of CHILDREN) {
      const span = children[child];
      if (!span) problems.push(`no ${child} span for click ${id}`);
      else if (lost.children.includes(child)) {
        if (span.parentSpanId === click.spanId) problems.push(`${child} ${id}: still under click ${id}, expected its parent to be lost`);
        if (lost.as === 'root' && span.parentSpanId) problems.push(`${child} ${id}: parent ${parentName(spans, span)}, expected none (a root span)`);
        if (lost.as === 'root' && span.traceId === click.traceId) problems.push(`${child} ${id}: a root span in the trace of click ${id}`);
      } else {
        if (span.parentSpanId !== click.spanId) problems.push(`${child} ${id}: parent ${parentName(spans, span)}, expected click ${id}`);
        if (span.traceId !== click.traceId) problems.push(`${child} ${id}: in another trace than click ${id}`);
      }
    }
  }
  if (traces.size !== ids.length) problems.push(`the clicks share a trace`);
  return problems;
}

/** The name of `span`'s parent, 'none (a root span)', or 'unknown <id>'. */
export function parentName(spans: SpanSummary[], span: SpanSummary): string {
  if (!span.parentSpanId) return 'none (a root span)';
  return spans.find((s) => s.spanId === span.parentSpanId)?.name ?? `unknown ${span.parentSpanId}`;
}

/** The span trees, for an assertion's message. */
export const treeMessage = (spans: SpanSummary[]): string => `span trees:\n${treeLines(spans).join('\n')}`;

/** Opens e2e/otel/page.html with `variant`'s bundle, clicks both buttons at once, resolves with every exported span. */
export async function clickBoth(page: ScenarioPage, base: string, variant: OtelVariant): Promise<SpanSummary[]> {
  await page.goto(`${base}/e2e/otel/page.html?bundle=${otelBundleName(variant)}`);
  strictEqual(await page.evaluate('otelApp.contextManager'), variant === 'zone' ? 'zone' : 'taskcontext');
  // zone.js replaces the global Promise (an async function's promise is no longer
  // an instance of it); taskcontext leaves it native.
  strictEqual(await page.evaluate('otelApp.zone'), variant === 'zone');
  strictEqual(await page.evaluate('(async () => {})() instanceof Promise'), variant !== 'zone');
  return page.evaluate<SpanSummary[]>(`(() => {
    document.getElementById('a').click();
    document.getElementById('b').click();
    return otelApp.finishedSpans(10);
  })()`);
}

/**
 * On the examples/otel-web page (already open): clicks Load twice at once, waits
 * for both trees (8 spans), and returns each tree as lines, the root first and
 * its descendants indented by depth, siblings sorted.
 */
export async function clickTwiceAndReadTrees(page: ScenarioPage): Promise<string[][]> {
  const trees = await page.evaluate<string[][]>(`(async () => {
    const button = document.getElementById('load');
    button.click();
    button.click();
    const traces = document.getElementById('traces');
    const started = Date.now();
    while (traces.querySelectorAll('li').length < 8 && Date.now() - started < 10000) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 50));
    const line = (li) => '  '.repeat(Number(li.dataset.depth)) + li.firstChild.textContent;
    return [...traces.children].map((root) => [root, ...root.querySelectorAll('li')].map(line));
  })()`);
  return trees.map(([root, ...children]) => [root!, ...children.sort()]).sort((a, b) => a[0]!.localeCompare(b[0]!));
}
