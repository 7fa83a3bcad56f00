// A browser app traced with OpenTelemetry, as an app would write it: a click
// starts a span, makes it active, calls XHR and fetch, awaits the response and
// starts a child span after the await; a timer starts another child.
//
// build.ts bundles it in three variants, choosing ./context-manager.js:
//   taskcontext                 TaskContextManager, built with taskcontext/rollup
//   taskcontext-without-plugin  TaskContextManager, native await left as written
//   zone                        ZoneContextManager (zone.js), native await left as written
//
// The context manager comes first: zone.js must patch the platform before
// anything else captures Promise, setTimeout or fetch.
import { contextManagerName, createContextManager } from './context-manager.js';
import { context, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
// What WebTracerProvider#register() did (sdk-trace-web is deprecated in SDK 3.0):
context.setGlobalContextManager(createContextManager().enable());
trace.setGlobalTracerProvider(provider);
registerInstrumentations({ tracerProvider: provider, instrumentations: [new FetchInstrumentation()] });

const tracer = trace.getTracer('taskcontext-e2e');

/** The click handler: everything below a click span belongs to that click. */
async function onClick(event) {
  const { id, delay } = event.currentTarget.dataset;
  const span = tracer.startSpan(`click ${id}`);
  try {
    await context.with(trace.setSpan(context.active(), span), async () => {
      // Set before the await: fires after the response has arrived.
      const timer = new Promise((resolve) =>
        setTimeout(() => {
          tracer.startSpan(`timer ${id}`).end();
          resolve();
        }, Number(delay) + 20),
      );
      const xhr = new Promise((resolve) => {
        const request = new XMLHttpRequest();
        request.open('GET', `/api/echo?delay=${delay}&value=xhr-${id}`);
        request.addEventListener('load', () => {
          tracer.startSpan(`xhr load ${id}`).end();
          resolve();
        });
        request.send();
      });
      const response = await fetch(`/api/echo?delay=${delay}&value=${id}`);
      const body = await response.json();
      tracer.startSpan(`after await ${id}`, { attributes: { echo: body.echo } }).end();
      await Promise.all([timer, xhr]);
    });
  } finally {
    span.end();
  }
}

// Two buttons: 'a' answers late, 'b' early, so that the two clicks' continuations interleave.
for (const [id, delay] of [
  ['a', 80],
  ['b', 10],
]) {
  const button = document.createElement('button');
  button.id = id;
  button.dataset.id = id;
  button.dataset.delay = String(delay);
  button.textContent = `click ${id}`;
  button.addEventListener('click', onClick);
  document.body.append(button);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `count` spans are exported (the fetch span ends about 300 ms
 * after its response: instrumentation-fetch waits for resource timings), then
 * returns them in a serialisable form.
 */
async function finishedSpans(count, timeoutMs = 10_000) {
  const started = Date.now();
  while (exporter.getFinishedSpans().length < count && Date.now() - started < timeoutMs) await sleep(20);
  await sleep(50); // anything extra (a span that should not exist) shows up too
  return exporter.getFinishedSpans().map((span) => ({
    name: span.name,
    spanId: span.spanContext().spanId,
    traceId: span.spanContext().traceId,
    parentSpanId: span.parentSpanContext?.spanId ?? null,
    url: span.attributes['url.full'] ?? null,
  }));
}

window.otelApp = { contextManager: contextManagerName, finishedSpans, zone: typeof window.Zone === 'function' };
