// The OpenTelemetry scenarios' halves that run in Node (e2e/scenarios.ts):
// driving e2e/otel/page.html and examples/otel-web, and comparing the trace
// trees they return.
import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import type { ScenarioPage } from '../scenarios.js';
import { otelBundleName, type OtelVariant } from './build.js';
import type { OtelSet } from './sets.js';

/** A finished span as otelApp.finishedSpans() returns it. */
export interface SpanSummary {
  name: string;
  spanId: string;
  traceId: string;
  parentSpanId: string | null;
  /** The instrumentation scope that made it (@opentelemetry/instrumentation-fetch, …, or the app's tracer). */
  scope: string;
  /** The attributes the trees compare (app.js's ATTRIBUTES). */
  attributes: Record<string, unknown>;
}

/** What the backend (e2e/server.ts /api/echo) answered each request of the clicks. */
interface BackendAnswer {
  echo: string;
  step: string;
  traceparent: string | null;
}

/** Everything a session returns. */
export interface Session {
  spans: SpanSummary[];
  backendSaw: BackendAnswer[];
  listenerCalls: Record<string, number>;
  /** Click registrations that reached the platform: per button, and (where they came from) on any other target. */
  nativeClicks: { added: Record<string, number>; removed: Record<string, number>; elsewhere: string[] };
  longTasks: boolean;
  /** After removeEventListener with the app's own listeners and two more clicks. */
  afterRemoval: {
    /** Spans ended so far other than long tasks, which the engine reports whenever the machine is busy, clicks or not. */
    spans: number;
    listenerCalls: Record<string, number>;
    nativeRemoved: Record<string, number>;
    /** Every span that ended after those of the first two clicks, long tasks too. */
    late: string[];
  };
}

const SCOPES: Record<string, string> = {
  '@opentelemetry/instrumentation-document-load': 'document-load',
  '@opentelemetry/instrumentation-user-interaction': 'user-interaction',
  '@opentelemetry/instrumentation-fetch': 'fetch',
  '@opentelemetry/instrumentation-xml-http-request': 'xhr',
  '@opentelemetry/instrumentation-long-task': 'long-task',
  'taskcontext-e2e': 'app',
};

/** A span's line in a tree: instrumentation, name and the compared attributes, URLs without the origin and the build's name. */
export function label(span: SpanSummary): string {
  const attributes = Object.entries(span.attributes)
    .map(([key, value]) => {
      let text = String(value);
      if (/url/.test(key)) {
        const url = new URL(text);
        text = url.pathname === '/e2e/otel/page.html' ? '<page>' : url.pathname.startsWith('/.cache/otel/') ? '<bundle>' : `${url.pathname}${url.search}`;
      }
      return `${key}=${text}`;
    })
    .sort();
  return `[${SCOPES[span.scope] ?? span.scope}] ${span.name}${attributes.length ? ` ${attributes.join(' ')}` : ''}`;
}

/**
 * The trees as lines, each root's subtree indented under it, siblings and
 * roots sorted by their text: two sessions with the same parent/child
 * structure, names and attributes give the same lines, whatever the ids and
 * the order spans ended in. Long-task spans are left out (how many the engine
 * reports varies: see longTaskProblems).
 */
export function treeLines(spans: SpanSummary[]): string[] {
  const kept = spans.filter((span) => span.name !== 'longtask');
  const ids = new Set(kept.map((span) => span.spanId));
  const render = (span: SpanSummary, depth: number): string[] => [
    `${'  '.repeat(depth)}${label(span)}`,
    ...kept
      .filter((child) => child.parentSpanId === span.spanId)
      .map((child) => render(child, depth + 1))
      .sort((a, b) => byText(a[0]!, b[0]!))
      .flat(),
  ];
  return kept
    .filter((span) => !span.parentSpanId || !ids.has(span.parentSpanId))
    .map((root) => render(root, 0))
    .sort((a, b) => byText(a[0]!, b[0]!))
    .flat();
}

/** Plain string order (not the locale's), the same in treeLines and expectedTrees. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const CLICKS = ['a', 'b'] as const;
const DELAY = { a: 60, b: 10 };

/**
 * The trees every correct context manager gives the session: document-load's
 * tree, and one tree per click, its fetch, XHR, second fetch and the app's
 * 'done' span all children of the click span. With `lostAfterFirstAwait` (the
 * zone.js build with native await): what zone.js gives instead, every span
 * after the first `await fetch()` a root of its own trace.
 */
export function expectedTrees(lostAfterFirstAwait = false): string[] {
  const lines = ['[document-load] documentLoad url.full=<page>', '  [document-load] documentFetch url.full=<page>', '  [document-load] resourceFetch url.full=<bundle>'];
  for (const id of CLICKS) {
    const request = (step: number, scope: string) =>
      `[${scope}] GET http.request.method=GET url.full=/api/echo?click=${id}&step=${step}&delay=${DELAY[id]}&value=${id}`;
    const afterAwait = [request(3, 'xhr'), request(4, 'fetch'), `[app] done ${id} app.echoes=${id},${id},${id}`];
    const indent = lostAfterFirstAwait ? '' : '  ';
    lines.push(
      `[user-interaction] click event_type=click target_element=BUTTON target_xpath=//*[@id="${id}"] url.full=<page>`,
      `  ${request(1, 'fetch')}`,
      ...afterAwait.map((line) => `${indent}${line}`),
    );
  }
  // As treeLines sorts them: each root with its subtree.
  const trees: string[][] = [];
  for (const line of lines) {
    if (line.startsWith(' ')) trees.at(-1)!.push(line);
    else trees.push([line]);
  }
  return trees
    .map(([root, ...children]) => [root!, ...children.sort(byText)])
    .sort((a, b) => byText(a[0]!, b[0]!))
    .flat();
}

/**
 * What must hold of every session beyond the trees: no span twice (ids, and
 * one click span per click), a child in its parent's trace and the clicks in
 * different traces, the backend saw each request's own span as its parent
 * (where the trees put it under its click), the app's listener registered once
 * with the platform and called once per click, and removable with the
 * listener the app added. Returns one line per problem.
 */
export function sessionProblems(session: Session, { propagated = true } = {}): string[] {
  const { spans } = session;
  const problems: string[] = [];
  const byId = new Map<string, SpanSummary>();
  for (const span of spans) {
    if (byId.has(span.spanId)) problems.push(`span ${span.spanId} (${span.name}) exported twice`);
    byId.set(span.spanId, span);
  }
  for (const span of spans) {
    const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
    if (parent && parent.traceId !== span.traceId) problems.push(`${label(span)}: in another trace than its parent`);
  }
  const clicks = spans.filter((span) => span.name === 'click');
  if (clicks.length !== 2) problems.push(`${clicks.length} click spans for 2 clicks`);
  if (new Set(clicks.map((span) => span.traceId)).size !== clicks.length) problems.push('the clicks share a trace');
  if (propagated) {
    for (const answer of session.backendSaw) {
      const span = spans.find((s) => String(s.attributes['url.full'] ?? '').includes(`click=${answer.echo}&step=${answer.step}&`));
      const expected = span && `00-${span.traceId}-${span.spanId}-01`;
      if (answer.traceparent !== expected) problems.push(`the backend saw traceparent ${answer.traceparent} for click ${answer.echo} step ${answer.step}, expected ${expected}`);
    }
  }
  deepEqualOr(problems, 'listener calls per click', session.listenerCalls, { a: 1, b: 1 });
  deepEqualOr(problems, "registrations reaching the platform's addEventListener per button", session.nativeClicks.added, { a: 1, b: 1 });
  deepEqualOr(problems, "removeEventListener with the app's listener: removals reaching the platform", session.afterRemoval.nativeRemoved, { a: 1, b: 1 });
  deepEqualOr(
    problems,
    `clicks after removeEventListener: spans other than long tasks (those ended after the first ${spans.length}: ${JSON.stringify(session.afterRemoval.late)}), listener calls`,
    [session.afterRemoval.spans, session.afterRemoval.listenerCalls],
    [spans.filter((span) => span.name !== 'longtask').length, { a: 1, b: 1 }],
  );
  return problems;
}

function deepEqualOr(problems: string[], what: string, actual: unknown, expected: unknown): void {
  try {
    deepStrictEqual(actual, expected);
  } catch {
    problems.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

/** Long tasks: where the engine reports them (Chromium), at least the app's 80 ms one, every one a root span. */
export function longTaskProblems(session: Session): string[] {
  const longTasks = session.spans.filter((span) => span.name === 'longtask');
  if (!session.longTasks) return longTasks.length === 0 ? [] : [`${longTasks.length} longtask spans where the engine reports no long tasks`];
  const problems = longTasks.length === 0 ? ['no longtask span (the app blocks the main thread for 80 ms)'] : [];
  for (const span of longTasks) if (span.parentSpanId) problems.push('a longtask span with a parent');
  return problems;
}

/** The trees and the problems, for an assertion's message. */
export const sessionMessage = (session: Session): string =>
  `trace trees:\n${treeLines(session.spans).join('\n')}\nclick listeners added to other targets: ${JSON.stringify(session.nativeClicks.elsewhere, null, 1)}`;

/**
 * Opens e2e/otel/page.html with the bundle of `variant` on `set`, waits for
 * the document-load spans, clicks a then b with the mouse (real, trusted
 * clicks at the buttons' centres: no automation listener in the page for
 * user-interaction to turn into extra click spans; the one Firefox's injected
 * script adds to the window on every load, page.html keeps from it), waits until both clicks'
 * work has ended and no span ended for a while, then removes the listeners
 * and clicks both again (no span, no call may follow).
 */
export async function runSession(page: ScenarioPage, base: string, set: OtelSet, variant: OtelVariant): Promise<Session> {
  ok(page.click, 'the driver clicks with the mouse');
  await page.goto(`${base}/e2e/otel/page.html?bundle=${otelBundleName(set, variant)}`);
  strictEqual(await page.evaluate('otelApp.contextManager'), variant.startsWith('zone') ? 'zone' : variant === 'no-manager' ? 'none' : 'taskcontext');
  strictEqual(await page.evaluate('otelApp.zone'), variant.startsWith('zone'));
  await page.evaluate('otelApp.loaded()');
  const centres = await page.evaluate<Record<'a' | 'b', { x: number; y: number }>>('otelApp.buttonCentres()');
  await page.click(centres.a.x, centres.a.y);
  await page.click(centres.b.x, centres.b.y);
  const spans = await page.evaluate<SpanSummary[]>('otelApp.settled()');
  const state = await page.evaluate<Omit<Session, 'spans' | 'afterRemoval'>>(
    '({ backendSaw: otelApp.backendSaw, listenerCalls: { ...otelApp.listenerCalls }, nativeClicks: window.nativeClicks, longTasks: otelApp.longTasks })',
  );
  await page.evaluate('otelApp.removeListeners()');
  await page.click(centres.a.x, centres.a.y);
  await page.click(centres.b.x, centres.b.y);
  // `late`: the spans that ended after those of the two clicks, to say which one came late if any.
  const afterRemoval = await page.evaluate<Session['afterRemoval']>(
    `new Promise((resolve) => setTimeout(() => {
      const finished = otelApp.finishedSpans();
      resolve({ spans: finished.filter((span) => span.name !== 'longtask').length, listenerCalls: otelApp.listenerCalls, nativeRemoved: window.nativeClicks.removed, late: finished.slice(${spans.length}).map((span) => span.scope + ' ' + span.name) });
    }, 250))`,
  );
  return { spans, ...state, afterRemoval };
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
