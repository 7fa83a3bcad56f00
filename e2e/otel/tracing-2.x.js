// The SDK set-up of the 2.x set (sets/2.x): WebTracerProvider#register() sets
// the context manager (enabling it; StackContextManager when given none) and
// the W3C trace-context propagator.
import { InMemorySpanExporter, SimpleSpanProcessor, WebTracerProvider } from '@opentelemetry/sdk-trace-web';

export function startTracing(contextManager) {
  const exporter = new InMemorySpanExporter();
  const provider = new WebTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register({ contextManager });
  return { exporter, provider };
}
