// OpenTelemetry in the browser without zone.js: TaskContextManager carries the
// active span through .then, timers and listeners (the patch layer, installed
// by taskcontext/auto) and through await (the taskcontext/rollup plugin in
// vite.config.ts). Each exported span is drawn at once in its trace's tree.
import 'taskcontext/auto';
import { context, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { TaskContextManager } from 'taskcontext/opentelemetry';

const finished = new InMemorySpanExporter();
/** An exporter that keeps every span and redraws the trees. */
const screen: SpanExporter = {
  export(spans, done) {
    finished.export(spans, done);
    render(finished.getFinishedSpans());
  },
  shutdown: () => finished.shutdown(),
};

// The set-up: these three lines are all OpenTelemetry needs from taskcontext.
context.setGlobalContextManager(new TaskContextManager().enable());
trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: screen })] }));
registerInstrumentations({ instrumentations: [new FetchInstrumentation()] });

const tracer = trace.getTracer('otel-web-example');
let clicks = 0;

document.getElementById('load')!.addEventListener('click', () => {
  const n = ++clicks;
  void tracer.startActiveSpan(`click #${n}`, async (span) => {
    // A timer set now, fired after the response: a child of the click too.
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        tracer.startSpan(`timer #${n}`).end();
        resolve();
      }, 120),
    );
    const response = await fetch(`/api/echo?delay=${20 + Math.floor(Math.random() * 40)}&value=${n}`);
    const { echo } = (await response.json()) as { echo: string };
    // After the await: still this click's span, never another click's.
    tracer.startSpan(`after await #${n}: server echoed ${echo}`).end();
    await timer;
    span.end();
  });
});

/** A span's line: its name, and the path it fetched if instrumentation-fetch made it. */
function label(span: ReadableSpan): string {
  const url = span.attributes['url.full'];
  return typeof url === 'string' ? `${span.name} ${new URL(url).pathname}` : span.name;
}

/** Draws the spans as nested lists: one tree per root (a span whose parent is not among them), children by start time. */
function render(spans: ReadableSpan[]): void {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const byStart = [...spans].sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
  const item = (span: ReadableSpan, depth: number): HTMLLIElement => {
    const li = document.createElement('li');
    li.dataset.depth = String(depth);
    li.title = `trace ${span.spanContext().traceId}, span ${span.spanContext().spanId}`;
    li.append(label(span));
    const children = byStart.filter((s) => s.parentSpanContext?.spanId === span.spanContext().spanId);
    if (children.length > 0) {
      const ul = document.createElement('ul');
      ul.append(...children.map((child) => item(child, depth + 1)));
      li.append(ul);
    }
    return li;
  };
  const roots = byStart.filter((span) => !span.parentSpanContext || !ids.has(span.parentSpanContext.spanId));
  document.getElementById('traces')!.replaceChildren(...roots.map((root) => item(root, 0)));
}
