// What the framework apps share: the two values a click carries, and the
// helpers around them. Each app's own component code holds the awaits (that
// is what the plugin must reach after the framework compiled it).
import { Variable, install } from 'taskcontext';

install();

export const clickValue = new Variable<string>({ name: 'click', defaultValue: 'empty' });
export const activeSpan = new Variable<{ name: string } | undefined>({ name: 'span', defaultValue: undefined });

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A span as a tracer would start it: under whatever span is active now. */
export function startSpan(name: string): { name: string; parent: string | null } {
  return { name, parent: activeSpan.get()?.name ?? null };
}

/** Where the e2e scenario reads each click's record. */
export const results: Record<string, unknown> = ((window as unknown as { results: Record<string, unknown> }).results = {});

/** Runs a click's handler in its own value and span. */
export function onClick(value: string, handler: () => Promise<unknown>): Promise<void> {
  return clickValue.run(value, () =>
    activeSpan.run(startSpan(`click-${value}`), async () => {
      results[value] = await handler();
    }),
  );
}

/** The two buttons: a's fetch and timers are slow, b's fast, so the clicks overlap. */
export const BUTTONS = [
  { value: 'a', ms: 40 },
  { value: 'b', ms: 5 },
] as const;
