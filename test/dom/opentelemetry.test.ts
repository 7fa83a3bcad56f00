// taskcontext/opentelemetry on the patch layer (happy-dom, backend forced to
// 'patch', install() before each test, uninstall() after): the ContextManager
// contract for what a browser app schedules (.then, timers, microtasks,
// animation frames, DOM listeners and on* handlers, bind(element)), then real
// tracing with @opentelemetry/sdk-trace from click listeners.
import { DiagLogLevel, ROOT_CONTEXT, context, createContextKey, diag, trace, type Context, type DiagLogger, type Span } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backend, install, installed } from '../../src/index.js';
import { TaskContextManager } from '../../src/opentelemetry.js';
import { usePatchLayer } from './setup-patch.js';
import { inFrame, seen, sleep } from './frames.js';

usePatchLayer(); // useBackend('patch'); uninstall() before and after each test

const key = createContextKey('taskcontext test key');
const ctx = (label: string): Context => ROOT_CONTEXT.setValue(key, label);
const silentLogger: DiagLogger = { error() {}, warn() {}, info() {}, debug() {}, verbose() {} };

let manager: TaskContextManager;
const label = (): string => (manager.active().getValue(key) as string | undefined) ?? (manager.active() === ROOT_CONTEXT ? 'root' : 'other');

beforeEach(() => {
  expect(install()).toBe(true);
  expect(installed()?.events).toBe('registration');
  manager = new TaskContextManager().enable();
});
afterEach(() => {
  manager.disable();
});

/** Runs `schedule` inside with(ctx(A|B|C)); resolves with what each callback saw. */
function seenBy(schedule: (done: (seen: string) => void, index: number) => void): Promise<string[]> {
  return Promise.all(
    ['A', 'B', 'C'].map((name, index) => new Promise<string>((resolve) => manager.with(ctx(name), () => schedule(resolve, index)))),
  );
}
const LATER_FIRST = [12, 6, 1]; // C's callback fires first

describe('the manager on the patch layer', () => {
  it('runs on the patch backend', () => {
    expect(backend()).toBe('patch');
  });

  it('active() is ROOT_CONTEXT outside any with, and whenever disabled', () => {
    expect(manager.active()).toBe(ROOT_CONTEXT);
    manager.with(ctx('a'), () => {
      expect(label()).toBe('a');
      manager.disable();
      expect(manager.active()).toBe(ROOT_CONTEXT);
    });
    manager.with(ctx('b'), () => expect(manager.active()).toBe(ROOT_CONTEXT));
  });

  it('with: nested contexts restore, this, args and the return value pass through, an exception restores', () => {
    const trail: string[] = [];
    const result = manager.with(
      ctx('1'),
      function (this: unknown, a: number, b: number) {
        trail.push(`${label()} this=${this === trail} ${a + b}`);
        manager.with(ctx('2'), () => trail.push(label()));
        expect(() =>
          manager.with(ctx('3'), () => {
            throw new Error('inner');
          }),
        ).toThrow('inner');
        trail.push(label());
        return 'returned';
      },
      trail,
      1,
      2,
    );
    expect(result).toBe('returned');
    expect(trail).toEqual(['1 this=true 3', '2', '1']);
    expect(manager.active()).toBe(ROOT_CONTEXT);
  });

  it('bind(function): the bound context, even when called inside another with', () => {
    const fn = manager.bind(ctx('bound'), function (this: unknown, x: number) {
      return `${label()}:${x}`;
    });
    expect(fn.length).toBe(1);
    expect(manager.with(ctx('caller'), () => fn(1))).toBe('bound:1');
  });

  it('the OpenTelemetry context travels with the rest of the frame: a Variable set around it arrives too', async () => {
    const both = await inFrame('A', () => manager.with(ctx('otel'), () => sleep(2).then(() => `${label()} ${seen()}`)));
    expect(both).toBe('otel A/A/A');
  });

  it('disable() then enable(): as ZoneContextManager, contexts set before are active again (disable() hides, it does not forget)', async () => {
    const late = manager.with(ctx('before'), () => sleep(10).then(() => label()));
    manager.disable();
    expect(manager.with(ctx('while off'), () => manager.active())).toBe(ROOT_CONTEXT);
    manager.enable();
    manager.with(ctx('after'), () => {});
    expect(await late).toBe('before');
  });

  it('attach(): active until disposed; what is scheduled meanwhile keeps the attached context', async () => {
    const pending = manager.with(ctx('outer'), () => {
      const token = manager.attach(ctx('attached'));
      expect(label()).toBe('attached');
      const later = sleep(2).then(() => label());
      token.dispose();
      expect(label()).toBe('outer');
      return later;
    });
    expect(await pending).toBe('attached');
    expect(manager.active()).toBe(ROOT_CONTEXT);
  });

  it('attach() outside any with is a best-effort no-op here (the patch layer could not end it), with a diag warning', async () => {
    const warnings: string[] = [];
    diag.setLogger({ ...silentLogger, warn: (message: string) => void warnings.push(message) }, DiagLogLevel.WARN);
    try {
      const outcome = await new Promise<unknown[]>((resolve) =>
        setTimeout(() => {
          const token = manager.attach(ctx('attached'));
          const during = label();
          token.dispose();
          resolve([during, label()]);
        }, 0),
      );
      expect(outcome).toEqual(['root', 'root']);
      expect(warnings).toEqual([expect.stringMatching(/ContextManager\.attach: not attached .*use context\.with/)]);
    } finally {
      diag.disable();
    }
  });
});

describe('propagation through the patch layer', () => {
  it('.then, catch and finally', async () => {
    expect(await seenBy((done, i) => void sleep(LATER_FIRST[i]).then(() => done(label())))).toEqual(['A', 'B', 'C']);
    expect(await seenBy((done) => void Promise.reject(new Error('x')).catch(() => done(label())))).toEqual(['A', 'B', 'C']);
    expect(await seenBy((done) => void Promise.resolve().finally(() => done(label())))).toEqual(['A', 'B', 'C']);
  });

  it('setTimeout, setInterval (every tick), queueMicrotask, requestAnimationFrame', async () => {
    expect(await seenBy((done, i) => void setTimeout(() => done(label()), LATER_FIRST[i]))).toEqual(['A', 'B', 'C']);
    const ticks = await seenBy((done) => {
      const trail: string[] = [];
      const handle = setInterval(() => {
        trail.push(label());
        if (trail.length === 3) {
          clearInterval(handle);
          done(trail.join(','));
        }
      }, 1);
    });
    expect(ticks).toEqual(['A,A,A', 'B,B,B', 'C,C,C']);
    expect(await seenBy((done) => queueMicrotask(() => done(label())))).toEqual(['A', 'B', 'C']);
    expect(await seenBy((done) => void requestAnimationFrame(() => done(label())))).toEqual(['A', 'B', 'C']);
  });

  it("DOM listeners and on* handlers run in the context of their registration (events: 'registration')", () => {
    const button = document.createElement('button');
    const trail: string[] = [];
    manager.with(ctx('listener'), () => button.addEventListener('click', () => trail.push(`listener:${label()}`)));
    manager.with(ctx('handler'), () => (button.onclick = () => void trail.push(`onclick:${label()}`)));
    manager.with(ctx('clicker'), () => button.click());
    button.click();
    expect(trail).toEqual(['listener:listener', 'onclick:handler', 'listener:listener', 'onclick:handler']);
  });

  it('a native await (code not built with taskcontext/rollup) resumes in ROOT_CONTEXT, never in another task', async () => {
    // The documented wall of the patch layer: no patch sees the engine resume
    // an async function. Code built with the plugin keeps its context (the
    // e2e scenarios prove it in real browsers); here it must at least be empty.
    const after = await seenBy((done, i) =>
      void (async () => {
        await sleep(LATER_FIRST[i]);
        done(label());
      })(),
    );
    expect(after).toEqual(['root', 'root', 'root']);
  });
});

describe('bind(element)', () => {
  it('listeners of a bound element run in the bound context; what they schedule too', async () => {
    const element = manager.bind(ctx('bound'), document.createElement('div'));
    const trail: string[] = [];
    const done = new Promise<void>((resolve) =>
      manager.with(ctx('registration'), () =>
        element.addEventListener('click', () => {
          trail.push(`listener:${label()}`);
          setTimeout(() => {
            trail.push(`timer:${label()}`);
            resolve();
          }, 1);
        }),
      ),
    );
    manager.with(ctx('dispatcher'), () => element.dispatchEvent(new CustomEvent('click', { bubbles: true, composed: true })));
    await done;
    expect(trail).toEqual(['listener:bound', 'timer:bound']);
  });

  it('a new element listened to from inside a bound listener keeps the context (ZoneContextManager\'s case)', async () => {
    const first = manager.bind(ctx('bound'), document.createElement('div'));
    const trail: string[] = [];
    const done = new Promise<void>((resolve) =>
      first.addEventListener('click', () => {
        setTimeout(() => {
          const second = document.createElement('div');
          second.addEventListener('click', () => {
            trail.push(`second:${label()}`);
            setTimeout(() => {
              trail.push(`second timer:${label()}`);
              resolve();
            }, 1);
          });
          second.click();
        }, 1);
      }),
    );
    first.click();
    await done;
    expect(trail).toEqual(['second:bound', 'second timer:bound']);
  });

  it('remove with the same listener removes it; once; handleEvent objects; binding twice returns the same element and the first binding wins', () => {
    const element = document.createElement('div');
    expect(manager.bind(ctx('first'), element)).toBe(element);
    expect(manager.bind(ctx('second'), element)).toBe(element);
    const trail: string[] = [];
    const listener = (): number => trail.push(`listener:${label()}`);
    const object = { handleEvent(this: unknown) { trail.push(`object:${label()}:${this === object}`); } };
    element.addEventListener('click', listener);
    element.addEventListener('click', object);
    element.addEventListener('click', () => trail.push(`once:${label()}`), { once: true });
    element.click();
    element.removeEventListener('click', listener);
    element.removeEventListener('click', object);
    element.click();
    expect(trail).toEqual(['listener:first', 'object:first:true', 'once:first']);
  });
});

describe('real tracing from click listeners (@opentelemetry/sdk-trace, no zone.js)', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

  beforeEach(() => {
    expect(context.setGlobalContextManager(manager)).toBe(true);
    expect(trace.setGlobalTracerProvider(provider)).toBe(true);
  });
  afterEach(() => {
    context.disable();
    trace.disable();
    exporter.reset();
  });

  it('two concurrent clicks: .then, timer and listener children have their own click span as parent', async () => {
    const tracer = trace.getTracer('taskcontext-dom-test');
    const finished: Promise<void>[] = [];
    function onClick(this: HTMLButtonElement): void {
      const id = this.id;
      finished.push(
        tracer.startActiveSpan(`click ${id}`, (span: Span) => {
          const inner = document.createElement('div');
          inner.addEventListener('ping', () => tracer.startSpan(`listener ${id}`).end());
          const work = sleep(id === 'a' ? 15 : 2)
            .then(() => tracer.startSpan(`then ${id}`).end())
            .then(
              () =>
                new Promise<void>((resolve) =>
                  setTimeout(() => {
                    tracer.startSpan(`timer ${id}`).end();
                    inner.dispatchEvent(new Event('ping'));
                    resolve();
                  }, 1),
                ),
            )
            .finally(() => span.end());
          return work;
        }),
      );
    }
    const a = document.createElement('button');
    const b = document.createElement('button');
    a.id = 'a';
    b.id = 'b';
    a.addEventListener('click', onClick);
    b.addEventListener('click', onClick);
    a.click();
    b.click();
    await Promise.all(finished);

    const spans = new Map<string, ReadableSpan>(exporter.getFinishedSpans().map((span) => [span.name, span]));
    expect([...spans.keys()].sort()).toEqual(
      ['click a', 'click b', 'listener a', 'listener b', 'then a', 'then b', 'timer a', 'timer b'],
    );
    for (const id of ['a', 'b']) {
      const click = spans.get(`click ${id}`)!;
      expect(click.parentSpanContext).toBeUndefined();
      for (const child of ['then', 'timer', 'listener']) {
        const span = spans.get(`${child} ${id}`)!;
        expect(span.parentSpanContext?.spanId, `${child} ${id}`).toBe(click.spanContext().spanId);
        expect(span.spanContext().traceId).toBe(click.spanContext().traceId);
      }
    }
    expect(spans.get('click a')!.spanContext().traceId).not.toBe(spans.get('click b')!.spanContext().traceId);
  });
});
