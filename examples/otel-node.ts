/**
 * OpenTelemetry on Node with taskcontext's context manager: a `node:http`
 * server where each request starts a span, and everything the request does
 * (awaits, timers, parallel work) starts child spans without passing the span
 * around. Each request's span tree is printed when the request ends.
 *
 *   npx tsx examples/otel-node.ts          # listen on 127.0.0.1:3000 (PORT overrides)
 *   npx tsx examples/otel-node.ts --demo   # 4 concurrent requests, print their trees, exit
 *
 * The set-up is the first three lines of `startTracing`.
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { context, trace, type Span } from '@opentelemetry/api';
import { SimpleSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { TaskContextManager } from 'taskcontext/opentelemetry';
import { listen, runIfMain } from './cli.js';

/** The spans under the request span of each request, by name (`:id` is the request's). */
export const CHILD_SPANS = ['load order :id', 'db.query :id', 'price :id', 'stock :id.1', 'stock :id.2', 'render :id'];

/** An exporter that collects each trace and prints it as a tree once its root span (the request) has ended. */
class TreePrinter implements SpanExporter {
  readonly #traces = new Map<string, ReadableSpan[]>();
  constructor(private readonly print: (tree: string[], spans: ReadableSpan[]) => void) {}

  export(spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    for (const span of spans) {
      const traceId = span.spanContext().traceId;
      const list = this.#traces.get(traceId) ?? [];
      list.push(span);
      this.#traces.set(traceId, list);
      if (!span.parentSpanContext) {
        this.#traces.delete(traceId);
        this.print(tree(span, list), list);
      }
    }
    done({ code: 0 });
  }

  async shutdown(): Promise<void> {}
}

const millis = (span: ReadableSpan): string => `${Math.round(span.duration[0] * 1e3 + span.duration[1] / 1e6)} ms`;

/** `root` and its descendants among `spans`, one line each, children in start order. */
function tree(root: ReadableSpan, spans: ReadableSpan[]): string[] {
  const lines = [`${root.name} (${millis(root)}, trace ${root.spanContext().traceId.slice(0, 8)}…)`];
  const walk = (parent: ReadableSpan, indent: string): void => {
    const children = spans
      .filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId)
      .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    children.forEach((child, i) => {
      const last = i === children.length - 1;
      lines.push(`${indent}${last ? '└─' : '├─'} ${child.name} (${millis(child)})`);
      walk(child, `${indent}${last ? '   ' : '│  '}`);
    });
  };
  walk(root, '');
  return lines;
}

/** Registers taskcontext's context manager and a tracer provider that prints each request's tree. */
export function startTracing(print: (tree: string[], spans: ReadableSpan[]) => void = (lines) => console.log(`${lines.join('\n')}\n`)): () => Promise<void> {
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new TreePrinter(print) })] });
  context.setGlobalContextManager(new TaskContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return async () => {
    await provider.shutdown();
    context.disable();
    trace.disable();
  };
}

const tracer = () => trace.getTracer('otel-node-example');
const jitter = (ms: number) => sleep(ms + Math.floor(Math.random() * ms));

/** A child span around `fn`, under whatever span is active: the request's, found through the context. */
function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, async (span: Span) => {
    try {
      return await fn();
    } finally {
      span.end();
    }
  });
}

/** Deep in the call stack, no span passed in: it finds the active one. */
async function queryDatabase(id: string): Promise<string> {
  return step(`db.query ${id}`, async () => {
    await jitter(5);
    return `order ${id}`;
  });
}

async function handle(id: string): Promise<string> {
  const order = await step(`load order ${id}`, () => queryDatabase(id));
  const price = await new Promise<number>((resolve) =>
    setTimeout(() => {
      tracer().startSpan(`price ${id}`).end();
      resolve(42);
    }, 3),
  );
  const stock = await Promise.all([1, 2].map((n) => step(`stock ${id}.${n}`, () => jitter(4).then(() => n))));
  return step(`render ${id}`, async () => JSON.stringify({ id, order, price, stock }));
}

/** The server: one span per request, ended when the response is sent. */
export function createTracedServer(): http.Server {
  return http.createServer((req, res) => {
    const id = new URL(req.url ?? '/', 'http://localhost').pathname.split('/').pop() || 'none';
    void tracer().startActiveSpan(`GET /orders/${id}`, async (span: Span) => {
      try {
        res.setHeader('content-type', 'application/json');
        res.end(await handle(id));
      } catch (error) {
        res.statusCode = 500;
        res.end(String(error));
      } finally {
        span.end();
      }
    });
  });
}

function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Four requests at once; prints their trees; checks that each tree holds exactly its own request's spans. */
async function demo(): Promise<void> {
  const problems: string[] = [];
  const stop = startTracing((lines, spans) => {
    console.log(`${lines.join('\n')}\n`);
    const id = spans.find((span) => !span.parentSpanContext)!.name.split('/').pop()!;
    const names = spans.map((span) => span.name).sort();
    const expected = [`GET /orders/${id}`, ...CHILD_SPANS.map((name) => name.replace(':id', id))].sort();
    if (names.join() !== expected.join()) problems.push(`request ${id}: spans ${names.join(', ')}`);
  });
  const server = createTracedServer();
  const port = await listen(server, 0);
  const ids = ['1', '2', '3', '4'];
  await Promise.all(ids.map((id) => get(port, `/orders/${id}`)));
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  await stop();
  if (problems.length > 0) throw new Error(`span trees mixed up:\n${problems.join('\n')}`);
  console.log(`${ids.length} requests, ${ids.length} span trees, each with its own request's ${CHILD_SPANS.length + 1} spans`);
}

async function serve(): Promise<void> {
  startTracing();
  const port = await listen(createTracedServer(), Number(process.env.PORT ?? 3000));
  console.log(`OpenTelemetry example listening on http://127.0.0.1:${port}/orders/<id>: each request prints its span tree`);
}

runIfMain(import.meta.url, demo, serve);
