// worker.ts
import { AsyncContext, install } from 'taskcontext';

install();

const traceId = new AsyncContext.Variable<string>();

self.addEventListener('message', (event: MessageEvent<{ traceId: string; job: Job }>) =>
  traceId.run(event.data.traceId, async () => {
    const result = await runJob(event.data.job); // timers and promises keep traceId
    self.postMessage({ traceId: traceId.get(), result });
  }),
);
// (end of the cookbook's quote, docs/cookbook.md "A web worker") The job: a
// few steps, each after a timer and a promise, each reading the trace id.
// e2e/apps/build.ts builds this worker with taskcontext/esbuild; the scenario
// in e2e/apps/scenarios.ts posts two overlapping jobs.

interface Job {
  steps: number;
  ms: number;
}

async function runJob(job: Job): Promise<Array<string | undefined>> {
  const seen: Array<string | undefined> = [];
  for (let step = 0; step < job.steps; step++) {
    await new Promise((resolve) => setTimeout(resolve, job.ms));
    await Promise.resolve();
    seen.push(traceId.get());
  }
  return seen;
}
