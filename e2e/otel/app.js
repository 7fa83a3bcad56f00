// A browser app traced with OpenTelemetry's web instrumentations, as an app
// would set it up: document-load, user-interaction (a span per click, active
// in the click's listener), fetch, XMLHttpRequest and long-task. Each click
// runs fetch → timer → XHR → fetch, awaiting each step, and starts a span of
// its own at the end ('done a'): every span of the click should be a child of
// its click span.
//
// build.ts bundles it per OpenTelemetry set (sets/2.x, sets/3.x: ./tracing.js is
// the set's SDK set-up) and per variant (./context-manager.js):
//   taskcontext                 TaskContextManager; async/await native, built with taskcontext/esbuild
//   taskcontext-without-plugin  the same without the plugin (a negative: context lost after await)
//   zone-es2015                 ZoneContextManager (zone.js), async lowered to ES2015 generators, as zone.js needs
//   zone                        ZoneContextManager, native async/await as written
//   no-manager                  no context manager of ours: the SDK's default (a negative)
//
// The context manager comes first: zone.js must patch the platform before
// anything captures Promise, setTimeout or fetch, and taskcontext's install()
// before the instrumentations wrap what it patches.
import { contextManagerName, createContextManager } from './context-manager.js';
import { trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { DocumentLoadInstrumentation } from '@opentelemetry/instrumentation-document-load';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { LongTaskInstrumentation } from '@opentelemetry/instrumentation-long-task';
import { UserInteractionInstrumentation } from '@opentelemetry/instrumentation-user-interaction';
import { XMLHttpRequestInstrumentation } from '@opentelemetry/instrumentation-xml-http-request';
import { startTracing } from './tracing.js';

const { exporter } = startTracing(createContextManager());
registerInstrumentations({
  instrumentations: [
    new DocumentLoadInstrumentation(),
    new UserInteractionInstrumentation(),
    new FetchInstrumentation(),
    new XMLHttpRequestInstrumentation(),
    new LongTaskInstrumentation(),
  ],
});

const tracer = trace.getTracer('taskcontext-e2e');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the backend saw of each request: its traceparent header, by the request's `step` query. */
const backendSaw = [];
/** How often each button's listener ran. */
const listenerCalls = { a: 0, b: 0 };

function xhr(url) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('GET', url);
    request.addEventListener('load', () => resolve(JSON.parse(request.responseText)));
    request.addEventListener('error', reject);
    request.send();
  });
}

async function getJson(url) {
  const response = await fetch(url);
  return response.json();
}

/** One click: fetch → timer → XHR → fetch, each awaited; a click's requests carry its id. */
async function onClick(event) {
  const { id, delay } = event.currentTarget.dataset;
  listenerCalls[id]++;
  const ms = Number(delay);
  const url = (step) => `/api/echo?click=${id}&step=${step}&delay=${ms}&value=${id}`;
  const first = await getJson(url(1));
  await sleep(ms);
  const second = await xhr(url(3));
  const third = await getJson(url(4));
  backendSaw.push(first, second, third);
  tracer.startSpan(`done ${id}`, { attributes: { 'app.echoes': [first.echo, second.echo, third.echo].join(',') } }).end();
  if (id === 'a') blockMainThread(); // a long task (Chromium reports them)
}

/** Keeps the main thread busy for 80 ms: a long task for the long-task instrumentation. */
function blockMainThread() {
  const until = performance.now() + 80;
  while (performance.now() < until);
}

// Two buttons: a's responses and timer are slow, b's fast, so that the two clicks' steps interleave.
for (const [id, delay] of [
  ['a', 60],
  ['b', 10],
]) {
  const button = document.createElement('button');
  button.id = id;
  button.dataset.id = id;
  button.dataset.delay = String(delay);
  button.textContent = `click ${id}`;
  button.style.cssText = 'display:block;width:200px;height:60px;margin:20px';
  button.addEventListener('click', onClick);
  document.body.append(button);
}

const ATTRIBUTES = ['event_type', 'target_element', 'target_xpath', 'http.method', 'http.request.method', 'http.url', 'url.full', 'component', 'app.echoes'];

/** The finished spans, serialisable: ids, parent, the attributes the trees compare. */
function finishedSpans() {
  return exporter.getFinishedSpans().map((span) => ({
    name: span.name,
    spanId: span.spanContext().spanId,
    traceId: span.spanContext().traceId,
    parentSpanId: span.parentSpanContext?.spanId ?? null,
    scope: span.instrumentationScope?.name ?? '',
    attributes: Object.fromEntries(ATTRIBUTES.filter((key) => span.attributes[key] !== undefined).map((key) => [key, span.attributes[key]])),
  }));
}

/**
 * Resolves once both clicks' work has been traced (both 'done' spans, the six
 * request spans, which end about 300 ms after their response, and both click
 * spans, which zone.js ends when the click's tasks are done) and no span has
 * ended for `quietMs` (a span that should not exist shows up too).
 */
async function settled(quietMs = 250, timeoutMs = 15_000) {
  const started = Date.now();
  let count = -1;
  let since = Date.now();
  for (;;) {
    const spans = exporter.getFinishedSpans();
    if (spans.length !== count) {
      count = spans.length;
      since = Date.now();
    }
    const named = (name) => spans.filter((span) => span.name === name).length;
    const requests = spans.filter((span) => String(span.attributes['url.full'] ?? '').includes('/api/echo?')).length;
    const done = named('done a') === 1 && named('done b') === 1 && named('click') >= 2 && requests >= 6;
    if ((done && Date.now() - since >= quietMs) || Date.now() - started > timeoutMs) return finishedSpans();
    await sleep(25);
  }
}

/** Resolves once the document-load spans have ended (documentLoad is the last). */
async function loaded(timeoutMs = 10_000) {
  const started = Date.now();
  while (!exporter.getFinishedSpans().some((span) => span.name === 'documentLoad') && Date.now() - started < timeoutMs) await sleep(20);
  await sleep(100);
}

/** The centre of each button, for a real mouse click at page coordinates. */
function buttonCentres() {
  return Object.fromEntries(
    ['a', 'b'].map((id) => {
      const rect = document.getElementById(id).getBoundingClientRect();
      return [id, { x: Math.round(rect.left + rect.width / 2), y: Math.round(rect.top + rect.height / 2) }];
    }),
  );
}

/** Removes each button's listener (with the listener the app added), for the removal check. */
function removeListeners() {
  for (const id of ['a', 'b']) document.getElementById(id).removeEventListener('click', onClick);
}

window.otelApp = {
  contextManager: contextManagerName,
  zone: typeof window.Zone === 'function',
  longTasks: typeof PerformanceObserver !== 'undefined' && (PerformanceObserver.supportedEntryTypes ?? []).includes('longtask'),
  loaded,
  settled,
  finishedSpans,
  buttonCentres,
  removeListeners,
  backendSaw,
  listenerCalls,
};
