// The cookbook's traced() helper (docs/cookbook.md, "Click-to-span tracing in
// the browser" quotes this file down to the marked line): the React, Vue and
// Svelte apps' BuyButton components use it, and e2e/apps/scenarios.ts clicks them.
import { AsyncContext, install } from 'taskcontext';

install();

export interface Span {
  name: string;
  parent: Span | undefined;
  end(): void;
}

export const activeSpan = new AsyncContext.Variable<Span | undefined>({ name: 'span' });
/** The spans that have ended: your tracer would export them. */
export const ended: Span[] = [];

/** Your tracer's startSpan: a span under the active one. */
export function startSpan(name: string, parent = activeSpan.get()): Span {
  const span: Span = { name, parent, end: () => void ended.push(span) };
  return span;
}

/** A handler that runs in a span of its own, active for everything the handler schedules. */
export function traced<A extends unknown[]>(name: string, handler: (...args: A) => unknown) {
  return (...args: A) => activeSpan.run(startSpan(name), handler, ...args);
}
// (end of the cookbook's quote) Where the e2e scenario reads the spans.
(window as unknown as { recipeSpans: Span[] }).recipeSpans = ended;
